package control

// KindWarning is something the user should know that did not stop what was asked, e.g. a
// codec switch naming a codec this build lacks (the seed's EVENT,WARNING,text).
const KindWarning Kind = "warning"

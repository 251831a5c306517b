// Package presence builds and parses the bodies of the presence-related SIP
// events the phone takes part in: PIDF presence documents (RFC 3863 with RPID
// activities, RFC 4480) for PUBLISH and NOTIFY, dialog-info documents
// (RFC 4235) for busy lamp fields, and message-summary bodies (RFC 3842) for
// voicemail waiting indication.
//
// Everything here is a pure function over bytes: no I/O, no state. Bodies larger
// than MaxBodySize are refused before any parsing, and malformed input yields an
// error wrapping one of the package's sentinel errors and naming what was wrong;
// no input makes a parser panic.
package presence

package control

// SDP is the last SDP offer/answer of a call (the control API's getsdp): the description
// the phone sent last and the one the far end sent last, SDES keys masked. An empty one
// was not exchanged yet.
type SDP struct {
	Line   int    `json:"line"`
	Local  string `json:"local"`
	Remote string `json:"remote"`
}

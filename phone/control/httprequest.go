package control

import "strings"

// Event kinds of the seed's custom HTTP requests ("Other notifications": messageheader,
// messagetext). Event.Message holds the answer's text.
const (
	// KindCredit reports a user's balance, the answer of creditrequest (CREDIT,text).
	KindCredit Kind = "credit"
	// KindRating reports the rate of the number being dialled, the answer of ratingrequest
	// (RATING,text).
	KindRating Kind = "rating"
	// KindNewUser reports the answer of the newuser request (NEWUSER,text).
	KindNewUser Kind = "newuser"
	// KindAnswer reports the answer of another HTTP request: recharge, p2p, callback, sms
	// (ANSWER,text).
	KindAnswer Kind = "answer"
)

// MessageLine renders one of the seed's other notifications, messageheader,messagetext (e.g.
// CREDIT,Balance: 12.50 EUR). The text is the last field, so only line breaks are replaced.
func MessageLine(header, text string) string {
	return header + "," + strings.NewReplacer("\r", " ", "\n", " ").Replace(text)
}

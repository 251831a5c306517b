package phone

import "github.com/emiago/sipgo/sip"

// reverseRecordRoute reverses the order of res's Record-Route headers in place (the seed's
// invrecordroute): the dialog session builds the route set by reversing them (RFC 3261
// section 12.1.2), so the call's requests then follow them in the order received, as servers
// that list them backwards need.
func reverseRecordRoute(res *sip.Response) {
	rrs := res.GetHeaders("Record-Route")
	if len(rrs) < 2 {
		return
	}
	values := make([]string, len(rrs))
	for i, h := range rrs {
		values[len(rrs)-1-i] = h.Value()
	}
	for res.RemoveHeader("Record-Route") {
	}
	for _, v := range values {
		res.AppendHeader(sip.NewHeader("Record-Route", v))
	}
}

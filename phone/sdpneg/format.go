package sdpneg

import (
	"strconv"
	"strings"

	"github.com/pion/sdp/v3"
)

// telephoneEvent is the RFC 4733 encoding name.
const telephoneEvent = "telephone-event"

// defaultDTMFPT is the payload type we offer telephone-event with.
const defaultDTMFPT = 101

// staticFormat returns the RFC 3551 audio payload type usable without rtpmap.
func staticFormat(pt uint8) (Format, bool) {
	name := ""
	switch pt {
	case 0:
		name = "PCMU"
	case 3:
		name = "GSM"
	case 4:
		name = "G723"
	case 8:
		name = "PCMA"
	case 9:
		name = "G722"
	case 18:
		name = "G729"
	default:
		return Format{}, false
	}
	return Format{PT: pt, Name: name, Rate: 8000, Channels: 1}, true
}

// channels returns the channel count with 0 meaning mono.
func (f Format) channels() int {
	if f.Channels <= 0 {
		return 1
	}
	return f.Channels
}

// sameCodec reports whether f and o name the same encoding (name
// case-insensitive, clock rate, channels); payload types may differ. Opus is
// always written "/2" in SDP (RFC 7587), so its channel count is not compared.
func (f Format) sameCodec(o Format) bool {
	if !strings.EqualFold(f.Name, o.Name) || f.Rate != o.Rate {
		return false
	}
	return f.channels() == o.channels() || strings.EqualFold(f.Name, "opus")
}

func (f Format) isTelephoneEvent() bool { return strings.EqualFold(f.Name, telephoneEvent) }

// mediaFormats lists the formats of an m-line in its order, resolving
// rtpmap/fmtp attributes and static payload types. Formats that are neither
// static nor mapped, or not numbers, are skipped.
func mediaFormats(md *sdp.MediaDescription) []Format {
	maps := map[uint8]Format{}
	fmtps := map[uint8]string{}
	for _, a := range md.Attributes {
		switch a.Key {
		case "rtpmap":
			if f, ok := parseRtpmap(a.Value); ok {
				maps[f.PT] = f
			}
		case "fmtp":
			pt, rest, ok := splitPT(a.Value)
			if ok {
				fmtps[pt] = strings.TrimSpace(rest)
			}
		}
	}
	out := make([]Format, 0, len(md.MediaName.Formats))
	for _, s := range md.MediaName.Formats {
		n, err := strconv.ParseUint(s, 10, 8)
		if err != nil || n > 127 {
			continue
		}
		pt := uint8(n)
		f, ok := maps[pt]
		if !ok {
			f, ok = staticFormat(pt)
		}
		if !ok {
			continue
		}
		f.Fmtp = fmtps[pt]
		out = append(out, f)
	}
	return out
}

// splitPT splits "<pt> <rest>" as used by rtpmap and fmtp values.
func splitPT(v string) (uint8, string, bool) {
	head, rest, _ := strings.Cut(strings.TrimSpace(v), " ")
	n, err := strconv.ParseUint(head, 10, 8)
	if err != nil || n > 127 {
		return 0, "", false
	}
	return uint8(n), rest, true
}

// parseRtpmap parses "<pt> <name>/<rate>[/<channels>]".
func parseRtpmap(v string) (Format, bool) {
	pt, rest, ok := splitPT(v)
	if !ok {
		return Format{}, false
	}
	parts := strings.Split(strings.TrimSpace(rest), "/")
	if len(parts) < 2 || len(parts) > 3 || parts[0] == "" {
		return Format{}, false
	}
	rate, err := strconv.Atoi(parts[1])
	if err != nil || rate <= 0 {
		return Format{}, false
	}
	ch := 1
	if len(parts) == 3 {
		ch, err = strconv.Atoi(parts[2])
		if err != nil || ch <= 0 {
			return Format{}, false
		}
	}
	return Format{PT: pt, Name: parts[0], Rate: rate, Channels: ch}, true
}

// findLocal returns our format for the same codec as f.
func findLocal(ours []Format, f Format) (Format, bool) {
	for _, o := range ours {
		if o.sameCodec(f) {
			return o, true
		}
	}
	return Format{}, false
}

// pickDTMF returns the telephone-event format among fs, preferring the
// codec's clock rate, then 8000 Hz.
func pickDTMF(fs []Format, rate int) (Format, bool) {
	var fallback Format
	found := false
	for _, f := range fs {
		if !f.isTelephoneEvent() {
			continue
		}
		if f.Rate == rate {
			return f, true
		}
		if f.Rate == 8000 && !found {
			fallback, found = f, true
		}
	}
	return fallback, found
}

// addFormat appends f to md as payload type, rtpmap and fmtp.
func addFormat(md *sdp.MediaDescription, f Format) {
	md.MediaName.Formats = append(md.MediaName.Formats, strconv.Itoa(int(f.PT)))
	rtpmap := strconv.Itoa(int(f.PT)) + " " + f.Name + "/" + strconv.Itoa(f.Rate)
	if f.channels() > 1 {
		rtpmap += "/" + strconv.Itoa(f.Channels)
	}
	md.Attributes = append(md.Attributes, sdp.NewAttribute("rtpmap", rtpmap))
	if f.Fmtp != "" {
		md.Attributes = append(md.Attributes, sdp.NewAttribute("fmtp", strconv.Itoa(int(f.PT))+" "+f.Fmtp))
	}
}

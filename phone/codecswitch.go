package phone

import (
	"fmt"
	"slices"
	"strings"

	"softphone/phone/control"
	"softphone/phone/params"
	"softphone/phone/sdpneg"
)

// applyCodecSwitches applies the seed's use_xxx switches (params.CodecSwitches) to names, the
// codec order the codecs parameter gives, read through get: 0/1 remove the codec, 2 add it at
// the end when missing, 3 move it first. It also returns, in the seed's order, the switches
// set to 2 or 3 for a codec this build does not have.
func applyCodecSwitches(names []string, get func(string) string) (out []string, unavailable []params.CodecSwitch) {
	out = slices.Clone(names)
	for _, s := range params.CodecSwitches() {
		v := get(s.Param)
		if v == "" {
			continue
		}
		on := v == "2" || v == "3"
		if !s.Available {
			if on {
				unavailable = append(unavailable, s)
			}
			continue
		}
		out = slices.DeleteFunc(out, func(n string) bool { return strings.EqualFold(n, s.Codec) })
		switch v {
		case "2":
			out = append(out, s.Codec)
		case "3":
			out = append([]string{s.Codec}, out...)
		}
	}
	return out, unavailable
}

// warnCodecSwitches tells the user, as a call's session is made, what codecSwitchWarnings
// finds; the call goes on with formats, the codecs it offers. Any goroutine.
func (p *Phone) warnCodecSwitches(formats []sdpneg.Format) {
	var names []string
	for _, f := range formats {
		names = append(names, strings.ToUpper(f.Name))
	}
	msgs := codecSwitchWarnings(p.params.Get, strings.Join(names, ","))
	if len(msgs) == 0 {
		return
	}
	p.post(func() {
		for _, m := range msgs {
			p.notice(control.KindWarning, "%s", m)
		}
	})
}

// codecSwitchWarnings returns a warning for each use_xxx switch (read through get) that asks
// for a codec this build lacks, and one when the switches would leave no codec of the codecs
// parameter (codecList then ignores them); offered names the codecs the call uses.
func codecSwitchWarnings(get func(string) string, offered string) []string {
	switched, missing := applyCodecSwitches(strings.Split(get("codecs"), ","), get)
	var msgs []string
	for _, s := range missing {
		msgs = append(msgs, fmt.Sprintf("Codec %s (%s=%s) is not available in this build; the call uses %s",
			s.Codec, s.Param, get(s.Param), offered))
	}
	if !slices.ContainsFunc(switched, func(n string) bool { return strings.TrimSpace(n) != "" }) {
		msgs = append(msgs, fmt.Sprintf("The use_xxx codec switches leave no codec of codecs=%s; they are ignored and the call uses %s",
			get("codecs"), offered))
	}
	return msgs
}

package params

import (
	"strings"

	"softphone/phone/control"
)

// deviceDefs are the ranked audio device lists (issue 11): the device in use falls back to the
// next of its list when it fails or vanishes mid-call and goes back up when a better one returns.
func deviceDefs() []Def {
	return []Def{
		{Name: "audioinputs", Check: deviceList,
			Help: "microphones in preference order, comma-separated (a name with a comma in double quotes), tried after audioinput; the next is taken when one fails or is unplugged, and a better one again when it returns"},
		{Name: "audiooutputs", Check: deviceList,
			Help: "speakers in preference order, comma-separated (a name with a comma in double quotes), tried after audiooutput; the next is taken when one fails or is unplugged, and a better one again when it returns"},
	}
}

// deviceList checks a ranked device list and stores it with single commas between items.
func deviceList(v string) (string, error) {
	list, err := control.ParseDeviceList(v)
	if err != nil {
		return "", err
	}
	for i, s := range list {
		if strings.Contains(s, ",") {
			list[i] = `"` + s + `"`
		}
	}
	return strings.Join(list, ","), nil
}

// deviceSpec checks one device parameter (audioinput, audiooutput, ringdevice); empty is the
// default device.
func deviceSpec(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	return v, control.CheckDeviceSpec(v)
}

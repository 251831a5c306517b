package params

import "testing"

// What changing a parameter needs is part of its definition: the phone reads it instead of a
// list of its own.
func TestDefsSayWhatAChangeNeeds(t *testing.T) {
	want := map[string]Apply{
		"serveraddress": Reregister, "serveraddressfirst": Reregister, "keepaliveival": Reregister,
		"username": Reregister, "password": Reregister, "authusername": Reregister, "proxyaddress": Reregister,
		"realm": Reregister, "registerexpires": Reregister,
		"transport": RebuildSIP, "localport": RebuildSIP, "localip": RebuildSIP,
		"tlscafile": RebuildSIP, "tlsverify": RebuildSIP, "tlsclientcert": RebuildSIP, "tlsclientkey": RebuildSIP,
		"siptrace": RebuildSIP, "srtpsdesplain": Live,
		"apiaddress": Restart, "apitoken": Restart, "apiallowedorigins": Restart, "database": Restart,
		"loglevel": Restart, "skin": Restart, "click2callnumber": Restart,
		"codecs": Live, "dnd": Live, "volumein": Live, "displayname": Live,
	}
	ps := Standard()
	for name, apply := range want {
		d, ok := ps.Def(name)
		if !ok {
			t.Errorf("%s: not defined", name)
			continue
		}
		if d.Apply != apply {
			t.Errorf("%s: Apply %v, want %v", name, d.Apply, apply)
		}
	}
	if d, ok := ps.Def("sipusername"); !ok || d.Apply != Reregister {
		t.Errorf("alias sipusername: %v %v, want the definition of username", d.Apply, ok)
	}
	for _, d := range StandardDefs() {
		if d.Apply.String() == "" || d.Apply < Live || d.Apply > Restart {
			t.Errorf("%s: Apply %d is not one of the modes", d.Name, d.Apply)
		}
	}
}

package params

// Sources names where Load reads parameters from. The phone (app/) and the tests both load
// through Load, so a test runs the phone with the parameters a user's start would give it.
type Sources struct {
	// Config is a TOML file of name = "value" lines (--config); "" for none.
	Config string
	// Settings is the file keeping what a user changes at run time (--settings); "" keeps none.
	Settings string
	// Environ is the environment, as os.Environ(); SOFTPHONE_<NAME> variables are read from it.
	Environ []string
	// Sets are name=value pairs from the command line (--set).
	Sets []string
	// ParameterKey is the key encrypted__3__ values from every source decode with: a branded
	// build's built-in key (the seed's "your built-in key"); empty for the product's own.
	ParameterKey []byte
}

// Load builds the parameters from every source, later ones winning: built-in defaults <
// config file < saved settings < environment < command line. With Settings set, later
// run-time changes are saved there.
func Load(src Sources) (*Params, error) {
	var saved *settings
	if src.Settings != "" {
		var err error
		if saved, err = openSettings(src.Settings); err != nil {
			return nil, err
		}
	}
	ps := Standard(WithKey(src.ParameterKey))
	if src.Config != "" {
		if err := ps.LoadTOML(src.Config, ConfigFile); err != nil {
			return nil, err
		}
	}
	if saved != nil {
		if err := saved.apply(ps); err != nil {
			return nil, err
		}
	}
	if err := ps.ApplyEnv(src.Environ); err != nil {
		return nil, err
	}
	if err := ps.ApplySet(src.Sets, CommandLine); err != nil {
		return nil, err
	}
	return ps, nil
}

package params

// voiceDefs are the switches of the capture path's voice processing (issue 11): echo
// cancellation (the seed's aec), noise suppression and automatic gain. All take effect at once,
// during a call too.
func voiceDefs() []Def {
	return []Def{
		{Name: "aec", Kind: Bool, Default: "true",
			Help: "acoustic echo cancellation: 1 removes what the speaker plays from the microphone (with residual echo suppression), 0 off (a headset needs none)"},
		{Name: "denoise", Kind: Bool, Default: "false",
			Help: "noise suppression on the microphone: 1 on, 0 off"},
		{Name: "agc", Kind: Bool, Default: "false",
			Help: "automatic gain control on the microphone (levels a quiet or loud voice): 1 on, 0 off"},
	}
}

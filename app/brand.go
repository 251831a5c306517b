package main

import (
	"softphone/phone/params"
)

// What a branded build (scripts/brand) sets with -ldflags "-X main.name=value"; an unbranded
// build leaves them as they are.
var (
	// appID is the application id (reverse DNS) the desktop knows the window by.
	appID = "io.softphone.desktop"
	// builtinSkin is the skin folder the package installs (the skin parameter's default).
	builtinSkin = ""
	// builtinProfile is the provisioning profile the package installs, with the brand's
	// defaults and locks (used when no provisioning is configured).
	builtinProfile = ""
	// builtinProvisioningKey is the brand's public key for signed provisioning profiles.
	builtinProvisioningKey = ""
	// builtinParameterKey is the brand's key for encrypted__3__ parameter values (the seed's
	// "your built-in key"); empty for the product's own (see params.Sources.ParameterKey).
	builtinParameterKey = ""
)

// applyBrand gives the branded build's built-in skin, profile and key at the Skin rank, the
// lowest a source can set: a config file, the environment or the command line still choose
// their own skin or provisioning, while the profile's locks hold against all of them.
func applyBrand(ps *params.Params) error {
	for name, value := range map[string]string{
		"skin": builtinSkin, "provisioning": builtinProfile, "provisioningkey": builtinProvisioningKey,
	} {
		if value == "" {
			continue
		}
		if err := ps.Set(name, value, params.Skin); err != nil {
			return err
		}
	}
	return nil
}

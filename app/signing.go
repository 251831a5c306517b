package main

import (
	"fmt"
	"os"

	"softphone/phone/provision"
)

// signingCommand runs --new-signing-key or --sign-profile: the provider's tools for signed
// provisioning profiles.
func signingCommand(o options, stdout, stderr *os.File) int {
	if o.newKey != "" {
		priv, pub, err := provision.NewKey()
		if err != nil {
			return fail(stderr, exitFail, "new signing key: %v", err)
		}
		f, err := os.OpenFile(o.newKey, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return fail(stderr, exitFail, "new signing key: %v", err)
		}
		if _, err := fmt.Fprintln(f, priv); err != nil {
			f.Close()
			return fail(stderr, exitFail, "new signing key: %v", err)
		}
		if err := f.Close(); err != nil {
			return fail(stderr, exitFail, "new signing key: %v", err)
		}
		fmt.Fprintf(stdout, "private key written to %s (keep it secret)\nprovisioningkey = %q\n", o.newKey, pub)
		return exitOK
	}
	if o.signingKey == "" {
		return fail(stderr, exitUsage, "--sign-profile needs --signing-key FILE")
	}
	key, err := os.ReadFile(o.signingKey)
	if err != nil {
		return fail(stderr, exitFail, "signing key: %v", err)
	}
	profile, err := os.ReadFile(o.signProfile)
	if err != nil {
		return fail(stderr, exitFail, "profile: %v", err)
	}
	sig, err := provision.Sign(string(key), profile)
	if err != nil {
		return fail(stderr, exitFail, "%s: %v", o.signingKey, err)
	}
	if err := os.WriteFile(o.signProfile+".sig", []byte(sig+"\n"), 0o644); err != nil {
		return fail(stderr, exitFail, "%v", err)
	}
	fmt.Fprintf(stdout, "signature written to %s.sig\n", o.signProfile)
	return exitOK
}

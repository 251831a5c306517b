// Package provision fetches a provisioning profile (the provisioning parameter: an https://
// URL, a file:// URL or a path), checks its ed25519 signature when provisioningkey is set,
// keeps the last good profile on disk for the days the server is away, and applies it to the
// parameters at the Provisioning rank with its locks (params.Params.ApplyProfile).
//
// A signature is the base64 ed25519 signature of the profile's bytes, served beside it as
// PROFILE.sig (softphone --sign-profile makes one).
package provision

//go:build race

package audio

// checkptrBuild is true when the binary is built with -race, which enables checkptr.
const checkptrBuild = true

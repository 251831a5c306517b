//go:build measureprofile

package main

import (
	"net"
	"net/http"
	_ "net/http/pprof" // registers /debug/pprof on http.DefaultServeMux
	"os"
)

// In builds with the measureprofile tag (made only by TestMeasureDeviceCall), the environment
// variable MEASURE_PPROF_ADDR (not SOFTPHONE_*: those are settings) names an address where /debug/pprof is served, so a measurement can
// take a CPU profile of the phone during a call. Release builds hold none of this.
func init() {
	addr := os.Getenv("MEASURE_PPROF_ADDR")
	if addr == "" {
		return
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		os.Stderr.WriteString("MEASURE_PPROF_ADDR=" + addr + ": " + err.Error() + "\n")
		return
	}
	go http.Serve(l, nil)
}

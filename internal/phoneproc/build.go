package phoneproc

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

var (
	buildOnce sync.Once
	buildBin  string
	buildErr  string
)

// Build compiles ./app once per test process (with -race when the tests run with it) and
// returns the binary's path.
func Build(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		_, self, _, _ := runtime.Caller(0)
		root := filepath.Join(filepath.Dir(self), "..", "..")
		dir, err := os.MkdirTemp("", "softphone-bin-")
		if err != nil {
			buildErr = err.Error()
			return
		}
		bin := filepath.Join(dir, "softphone")
		args := []string{"build", "-o", bin}
		if race {
			args = append(args, "-race")
		}
		cmd := exec.Command("go", append(args, "./app")...)
		cmd.Dir = root
		// The tests may run where no module proxy is reachable: build from the cache only.
		cmd.Env = append(os.Environ(), "GOPROXY=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = err.Error() + "\n" + string(out)
			return
		}
		buildBin = bin
	})
	if buildBin == "" {
		t.Fatalf("phoneproc: go build ./app: %s", buildErr)
	}
	return buildBin
}

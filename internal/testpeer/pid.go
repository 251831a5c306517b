package testpeer

// PID is the process id of the running baresip (for resource measurements).
func (b *Baresip) PID() int { return b.proc.cmd.Process.Pid }

// Kill ends baresip abruptly (SIGKILL), as a crashed or unplugged far end would vanish:
// no BYE, no more RTP.
func (b *Baresip) Kill() error { return b.proc.cmd.Process.Kill() }

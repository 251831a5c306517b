package testpeer

// PID is the process id of the running baresip (for resource measurements).
func (b *Baresip) PID() int { return b.proc.cmd.Process.Pid }

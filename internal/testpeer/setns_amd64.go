package testpeer

// sysSetns is setns(2) on linux/amd64 (missing from package syscall there).
const sysSetns = 308

// Command toren is Toren's single binary: server, demo, migrations,
// imports and maintenance commands. Run "toren help" for the list.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"toren/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv})
	stop()
	os.Exit(code)
}

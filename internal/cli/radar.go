package cli

import (
	"context"
	"fmt"
)

func runRadar(ctx context.Context, env Env, args []string) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprintln(env.Stderr, "Usage: toren radar eval FILE [FILE2] | toren radar eval --generated N")
		return nil
	}
	if len(args) == 0 || args[0] != "eval" {
		fmt.Fprintln(env.Stderr, "Usage: toren radar eval FILE [FILE2] | toren radar eval --generated N")
		return errUsage
	}
	return fmt.Errorf("radar eval is not available in this build yet")
}

package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"softphone/phone"
	"softphone/phone/api"
	"softphone/phone/params"
)

// startAPI opens the control API when apiaddress is set (nil, nil when it is not), prints
// the start-up line naming where its token is: START,api,ADDR,token file PATH, and publishes
// START,api to the phone's event subscribers. With
// apitoken empty the token is the one kept in the file apitoken in the config folder (the
// folder of the settings file), made on first start, readable by the user only.
// apitoken and apiallowedorigins are read here, once: changes apply at the next start.
func startAPI(p *phone.Phone, ps *params.Params, settingsPath string, logger *slog.Logger, stdout io.Writer) (*api.Server, error) {
	addr := ps.Get("apiaddress")
	if addr == "" {
		return nil, nil
	}
	token, where := ps.Get("apitoken"), "token parameter apitoken"
	if token == "" {
		path, err := apiTokenPath(settingsPath)
		if err != nil {
			return nil, err
		}
		if token, err = api.LoadOrCreateToken(path); err != nil {
			return nil, err
		}
		where = "token file " + path
	}
	var origins []string
	for _, o := range strings.Split(ps.Get("apiallowedorigins"), ",") {
		if o = strings.TrimSpace(o); o != "" {
			origins = append(origins, o)
		}
	}
	srv, err := api.Listen(p, api.Config{
		Addr: addr, Token: token, AllowedOrigins: origins, Logger: logger,
		AllowRemote: ps.Source("apiaddress") == params.Provisioning,
	})
	if err != nil {
		return nil, err
	}
	logger.Info("control API listening", "addr", srv.Addr(), "token", where)
	fmt.Fprintf(stdout, "START,api,%s,%s\n", srv.Addr(), where)
	p.AnnounceStart("api") // START,api to the event subscribers too (replayed to later ones)
	return srv, nil
}

// apiTokenPath is the file apitoken beside the settings file; with no settings file
// (--settings "") it is in the user's config folder all the same.
func apiTokenPath(settingsPath string) (string, error) {
	if settingsPath != "" {
		return filepath.Join(filepath.Dir(settingsPath), api.TokenFileName), nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("API token: no config folder for the file %s (set apitoken): %w", api.TokenFileName, err)
	}
	return filepath.Join(dir, "softphone", api.TokenFileName), nil
}

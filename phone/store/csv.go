package store

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"softphone/phone/control"
)

// CSVHeader returns the first line of ExportHistoryCSV.
func CSVHeader() []string {
	return []string{"start", "direction", "peer", "name", "line", "callid", "connect_ms",
		"duration_ms", "disparty", "reason", "codec", "recording"}
}

// ExportHistoryCSV writes the whole call history as CSV (RFC 4180), newest
// first. start is RFC 3339 in UTC with milliseconds; direction is "out" or
// "in"; connect_ms is the time from start to answer (empty if the call never
// connected). Fields holding commas, quotes or newlines are quoted.
func (s *Store) ExportHistoryCSV(w io.Writer) error {
	rows, err := s.db.Query("SELECT " + callColumns + " FROM calls ORDER BY started_ms DESC, id DESC")
	if err != nil {
		return s.wrap("export history", err)
	}
	defer rows.Close()
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader()); err != nil {
		return fmt.Errorf("store: export history: %w", err)
	}
	for rows.Next() {
		c, err := scanCall(rows)
		if err != nil {
			return s.wrap("export history", err)
		}
		if err := cw.Write(csvRecord(c)); err != nil {
			return fmt.Errorf("store: export history: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return s.wrap("export history", err)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("store: export history: %w", err)
	}
	return nil
}

func csvRecord(c control.Call) []string {
	dir := "out"
	if c.Direction == control.DirectionIncoming {
		dir = "in"
	}
	connect := ""
	if !c.Connected.IsZero() {
		connect = strconv.FormatInt(c.Connected.Sub(c.Started).Milliseconds(), 10)
	}
	return []string{
		c.Started.UTC().Format("2006-01-02T15:04:05.000Z07:00"),
		dir,
		c.Peer,
		c.PeerName,
		strconv.Itoa(c.Line),
		c.CallID,
		connect,
		strconv.FormatInt(c.DurationMS, 10),
		strconv.Itoa(c.DisParty),
		c.Reason,
		c.Codec,
		c.Recording,
	}
}

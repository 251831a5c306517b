package presence

import (
	"bytes"
	"encoding/xml"
	"hash/fnv"
	"strconv"
)

// dndMarker is the rpid:other activity text that tells DND apart from a plain
// busy activity; ParsePIDF recognises it (and the usual spellings of it).
const dndMarker = "do-not-disturb"

// BuildPIDF returns the PIDF document (application/pidf+xml) we PUBLISH for
// our own status. status is one of the seed's statuses (see NormalizeStatus):
//
//	Online     basic open
//	Away       basic open, rpid activity away
//	DND        basic open, rpid activities busy and other "do-not-disturb"
//	Offline    basic closed
//	Invisible  basic closed and no note, so watchers see us exactly as offline
//
// A status NormalizeStatus rejects is published as Online. entity is our
// presentity URI (sip:user@domain); note, when not empty, is carried in the
// tuple's note. The RPID elements are written with the rpid: prefix because
// baresip looks for them literally. The result is deterministic: tuple and
// person ids derive from entity so refreshes replace the same tuple.
func BuildPIDF(entity, status, note string) []byte {
	st, err := NormalizeStatus(status)
	if err != nil {
		st = Online
	}
	basic := "open"
	if st == Offline || st == Invisible {
		basic = "closed"
	}
	if st == Invisible {
		note = ""
	}
	id := entityID(entity)

	var b bytes.Buffer
	b.Grow(512 + len(entity)*2 + len(note)*2)
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<presence xmlns="urn:ietf:params:xml:ns:pidf"` + "\n")
	b.WriteString(`    xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model"` + "\n")
	b.WriteString(`    xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid"` + "\n")
	b.WriteString(`    entity="`)
	escape(&b, entity)
	b.WriteString("\">\n")
	b.WriteString(`  <tuple id="t` + id + "\">\n")
	b.WriteString("    <status><basic>" + basic + "</basic></status>\n")
	if entity != "" {
		b.WriteString("    <contact>")
		escape(&b, entity)
		b.WriteString("</contact>\n")
	}
	if note != "" {
		b.WriteString("    <note>")
		escape(&b, note)
		b.WriteString("</note>\n")
	}
	b.WriteString("  </tuple>\n")
	if acts := activitiesFor(st); acts != "" {
		b.WriteString(`  <dm:person id="p` + id + "\">\n")
		b.WriteString("    <rpid:activities>" + acts + "</rpid:activities>\n")
		b.WriteString("  </dm:person>\n")
	}
	b.WriteString("</presence>\n")
	return b.Bytes()
}

// activitiesFor returns the RPID activity elements published for a status.
func activitiesFor(status string) string {
	switch status {
	case Away:
		return "<rpid:away/>"
	case DND:
		return "<rpid:busy/><rpid:other>" + dndMarker + "</rpid:other>"
	}
	return ""
}

// entityID derives a stable XML id suffix from the entity.
func entityID(entity string) string {
	h := fnv.New32a()
	h.Write([]byte(entity))
	return strconv.FormatUint(uint64(h.Sum32()), 16)
}

// escape writes s as XML text safe in both content and attribute values.
func escape(b *bytes.Buffer, s string) {
	// xml.EscapeText never fails writing to a bytes.Buffer.
	_ = xml.EscapeText(b, []byte(s))
}

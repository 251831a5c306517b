package presence

import (
	"encoding/xml"
	"strings"
)

// maxDepth bounds element nesting in the documents we parse.
const maxDepth = 64

// maxText bounds the text kept from one element (a note, a basic status);
// the rest is dropped.
const maxText = 1024

// Status is what a PIDF document says about a presentity.
type Status struct {
	// Entity is the presentity URI from the document's entity attribute.
	Entity string
	// Status is Online, Away, Busy, DND, Speaking, Offline or Unknown.
	Status string
	// Note is the most relevant human-readable note, trimmed; may be empty.
	Note string
	// Activities lists the RPID activities seen (lower case, deduplicated);
	// for rpid:other the activity is its text.
	Activities []string
}

// tuple is one PIDF tuple as collected by the parser.
type tuple struct {
	id         string
	basic      string
	note       string
	activities []string
}

// pidfDoc collects what the parser saw.
type pidfDoc struct {
	entity       string
	tuples       []tuple
	personActs   []string
	personNote   string
	presenceNote string
}

// ParsePIDF reads a PIDF presence document (application/pidf+xml) such as the
// ones baresip publishes and Kamailio's presence_xml notifies, and reports the
// presentity's status. It matches elements by local name, so the namespace
// prefixes senders choose do not matter. Several tuples may be present: any
// open tuple makes the presentity reachable, and its status is refined by the
// RPID activities of the person element and the open tuples (on-the-phone ->
// Speaking, busy -> Busy, away and absences -> Away, a do-not-disturb note in
// rpid:other -> DND); only closed tuples mean Offline; no basic status at all
// gives Unknown unless activities say more.
//
// An empty body returns ErrEmpty; a body over MaxBodySize, ErrTooLarge; bad
// XML, another root element or a basic status other than open/closed,
// ErrMalformed with what was wrong.
func ParsePIDF(body []byte) (Status, error) {
	if err := checkBody(body); err != nil {
		return Status{}, err
	}
	doc, err := scanPIDF(body)
	if err != nil {
		return Status{}, err
	}
	return doc.status()
}

// scanPIDF walks the document's tokens and collects tuples, activities and notes.
func scanPIDF(body []byte) (*pidfDoc, error) {
	dec := newDecoder(body)
	root, err := rootElement(dec, "pidf", "presence")
	if err != nil {
		return nil, err
	}
	doc := &pidfDoc{entity: strings.TrimSpace(attr(root, "entity"))}
	stack := []string{"presence"}
	var text *string // where character data currently goes
	textDepth := 0
	var cur *tuple
	for len(stack) > 0 {
		tok, err := dec.Token()
		if err != nil {
			return nil, syntaxError("pidf", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) >= maxDepth {
				return nil, malformed("pidf: elements nested deeper than %d", maxDepth)
			}
			parent := stack[len(stack)-1]
			name := t.Name.Local
			stack = append(stack, name)
			if text != nil {
				continue // markup inside a captured element: keep only its direct text
			}
			switch {
			case name == "tuple" && len(stack) == 2:
				doc.tuples = append(doc.tuples, tuple{id: attr(t, "id")})
				cur = &doc.tuples[len(doc.tuples)-1]
			case name == "basic" && cur != nil && parent == "status" && len(stack) == 4:
				text, textDepth = &cur.basic, len(stack)
			case name == "note":
				text, textDepth = doc.noteTarget(parent, len(stack), cur), len(stack)
			case parent == "activities" || name == "user-input" || name == "im":
				acts := &doc.personActs
				if cur != nil {
					acts = &cur.activities
				}
				if name == "other" || name == "activity" || name == "user-input" || name == "im" {
					*acts = append(*acts, "")
					text, textDepth = &(*acts)[len(*acts)-1], len(stack)
				} else if name != "note" {
					*acts = append(*acts, name)
				}
			}
		case xml.EndElement:
			if text != nil && len(stack) == textDepth {
				text = nil
			}
			if t.Name.Local == "tuple" && len(stack) == 2 {
				cur = nil
			}
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if text != nil && len(stack) == textDepth && len(*text) < maxText {
				*text += string(t[:min(len(t), maxText-len(*text))])
			}
		}
	}
	if err := finishDocument(dec, "pidf"); err != nil {
		return nil, err
	}
	return doc, nil
}

// noteTarget picks where a note element's text goes: the first note of a
// tuple, of the person, or of the document (depth is the note's own nesting
// level); later notes, and notes anywhere else, are read and dropped.
func (d *pidfDoc) noteTarget(parent string, depth int, cur *tuple) *string {
	var dst *string
	switch {
	case parent == "tuple" && cur != nil && depth == 3:
		dst = &cur.note
	case parent == "person":
		dst = &d.personNote
	case parent == "presence" && depth == 2:
		dst = &d.presenceNote
	}
	if dst == nil || strings.TrimSpace(*dst) != "" {
		var discard string
		return &discard
	}
	return dst
}

package ui

import (
	"fmt"
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
)

// importVCard lets the user pick a .vcf file and adds its contacts.
func (t *contactsTab) importVCard() {
	t.s.dlg.open(".vcf", func(r fyne.URIReadCloser, err error) {
		if err != nil {
			t.setStatus(lang.L("Import failed") + ": " + err.Error())
			return
		}
		if r == nil {
			return // cancelled
		}
		var n int
		t.s.background(func() error {
			defer r.Close()
			var err error
			n, err = t.s.soc.ImportVCard(r)
			return err
		}, func(err error) {
			if err != nil {
				t.setStatus(lang.L("Import failed") + ": " + err.Error())
				return
			}
			t.setStatus(fmt.Sprintf(lang.L("Imported %d contacts."), n))
			t.load()
		})
	})
}

// exportVCard lets the user pick where to save every contact as a vCard file.
func (t *contactsTab) exportVCard() {
	t.s.exportFile("contacts.vcf", lang.L("Contacts"), t.s.soc.ExportVCard, t.setStatus)
}

// storageFilter shows only files ending in ext in the open dialog.
func storageFilter(ext string) storage.FileFilter {
	return storage.NewExtensionFileFilter([]string{ext})
}

// exportFile lets the user pick where to save a file that write produces, off the UI thread,
// reporting the outcome through status ("<what> exported to NAME.").
func (s *socialTabs) exportFile(name, what string, write func(io.Writer) error, status func(string)) {
	s.dlg.save(name, func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			status(lang.L("Export failed") + ": " + err.Error())
			return
		}
		if w == nil {
			return // cancelled
		}
		s.background(func() error {
			err := write(w)
			if cerr := w.Close(); err == nil {
				err = cerr
			}
			return err
		}, func(err error) {
			if err != nil {
				status(lang.L("Export failed") + ": " + err.Error())
				return
			}
			status(lang.L("{{.What}} exported to {{.File}}.", map[string]any{"What": what, "File": w.URI().Name()}))
		})
	})
}

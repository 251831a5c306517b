package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
)

// importVCard lets the user pick a .vcf file and adds its contacts.
func (t *contactsTab) importVCard() {
	t.s.dlg.open(".vcf", func(r fyne.URIReadCloser, err error) {
		if err != nil {
			t.setStatus("Import failed: " + err.Error())
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
				t.setStatus("Import failed: " + err.Error())
				return
			}
			t.setStatus(fmt.Sprintf("Imported %d contacts.", n))
			t.load()
		})
	})
}

// exportVCard lets the user pick where to save every contact as a vCard file.
func (t *contactsTab) exportVCard() {
	t.s.dlg.save("contacts.vcf", func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			t.setStatus("Export failed: " + err.Error())
			return
		}
		if w == nil {
			return // cancelled
		}
		t.s.background(func() error {
			err := t.s.soc.ExportVCard(w)
			if cerr := w.Close(); err == nil {
				err = cerr
			}
			return err
		}, func(err error) {
			if err != nil {
				t.setStatus("Export failed: " + err.Error())
				return
			}
			t.setStatus("Contacts exported to " + w.URI().Name() + ".")
		})
	})
}

// storageFilter shows only files ending in ext in the open dialog.
func storageFilter(ext string) storage.FileFilter {
	return storage.NewExtensionFileFilter([]string{ext})
}

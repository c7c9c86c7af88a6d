package revision

import (
	"encoding/json"
	"reflect"
	"testing"
)

// Every field of Page is merged: either as one of pageFields, or by the
// parts of Merge that own it (ids, documents, children). A field added to
// Page and forgotten here would be dropped by a merge without a conflict.
func TestPageFieldsCoverPage(t *testing.T) {
	mergedElsewhere := map[string]bool{
		"ID":       true, // pages are matched by id
		"Document": true, // merged block by block
		"Pages":    true, // the tree and each parent's order
		"AppURL":   true, // derived from the id
	}
	typ := reflect.TypeOf(Page{})
	for i := range typ.NumField() {
		f := typ.Field(i)
		if mergedElsewhere[f.Name] {
			continue
		}
		var a, b Page
		if f.Name == "Git" {
			// Its OID is the blob a side read, not content; its path is
			// merged (gitPath).
			b.Git = &GitBlob{Path: "x.md"}
		} else {
			setNonZero(t, reflect.ValueOf(&b).Elem().Field(i))
		}
		if samePageFields(&a, &b) {
			t.Errorf("Page.%s is not among pageFields: a merge would not see a change to it", f.Name)
		}
	}
}

// setNonZero gives v a value that differs from its zero value in JSON.
func setNonZero(t *testing.T, v reflect.Value) {
	t.Helper()
	if v.Type() == reflect.TypeOf(json.RawMessage(nil)) {
		v.Set(reflect.ValueOf(json.RawMessage(`{"x":1}`)))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString("x")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64:
		v.SetInt(1)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		setNonZero(t, v.Elem())
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				setNonZero(t, v.Field(i))
				return
			}
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		setNonZero(t, v.Index(0))
	default:
		t.Fatalf("setNonZero: no value for %s", v.Type())
	}
}

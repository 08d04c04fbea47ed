package dump

import (
	"github.com/opsctl/opsctl/migrate/internal/model"
	"github.com/opsctl/opsctl/migrate/internal/pgddl"
)

// NopSink lets the dump path's table preparation (naming, mapping) run
// for live tables without writing anything.
type NopSink struct{}

func (NopSink) Schema(string) error                                        { return nil }
func (NopSink) BeginTable(*model.Table) error                              { return nil }
func (NopSink) Data(*model.Table, []*model.Column, []byte) ([]byte, error) { return nil, nil }
func (NopSink) EndTable(*model.Table, *TableReport, pgddl.PostData) error  { return nil }
func (NopSink) AbortTable(*model.Table, error)                             {}
func (NopSink) Finish([]string, []ViewDef, *Report) error                  { return nil }
func (NopSink) Drain(*Report)                                              {}

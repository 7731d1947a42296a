package batch

// The payloads of the cache's two records, written field by field like the results they carry
// (resultcodec.go).

// storeFile keeps what reading and scoring the file of key k gave, and returns the results as
// it encoded them; a result that cannot be encoded keeps nothing, and the file is read again
// next run.
func (c *cache) storeFile(k string, rec fileRecord) []byte {
	e := &resultsEncoder{}
	e.strings(rec.Key, rec.Status, rec.Code, rec.Reason)
	e.uvarint(len(rec.Sheets))
	e.strings(rec.Sheets...)
	results, err := appendResults(nil, rec.Results)
	if err != nil {
		return nil
	}
	c.store(nameOf(k, kindFile), e.b, results)
	return results
}

// loadFile reads the file record of key k back.
func (c *cache) loadFile(k string) (rec fileRecord, err error) {
	payload, err := c.load(nameOf(k, kindFile))
	if err != nil {
		return rec, err
	}
	d := newResultsDecoder(payload)
	rec.Key, rec.Status, rec.Code, rec.Reason = d.string(), d.string(), d.string(), d.string()
	if n := d.count(); n > 0 {
		rec.Sheets = make([]string, n)
	}
	for i := range rec.Sheets {
		rec.Sheets[i] = d.string()
	}
	if d.bad {
		return rec, errBadEntry
	}
	if rec.Results, err = decodeResults(d.b); err != nil {
		return rec, errBadEntry
	}
	rec.encoded = d.b
	return rec, nil
}

// storeCopy keeps where and from which findings the copy of the file of key k was written.
func (c *cache) storeCopy(k string, rec copyRecord) {
	e := &resultsEncoder{}
	e.strings(rec.Key, rec.Findings, rec.Output, rec.SHA256)
	c.store(nameOf(k, kindCopy), e.b)
}

// loadCopy reads the copy record of key k back.
func (c *cache) loadCopy(k string) (rec copyRecord, err error) {
	payload, err := c.load(nameOf(k, kindCopy))
	if err != nil {
		return rec, err
	}
	d := newResultsDecoder(payload)
	rec.Key, rec.Findings, rec.Output, rec.SHA256 = d.string(), d.string(), d.string(), d.string()
	if d.bad || len(d.b) != 0 {
		return rec, errBadEntry
	}
	return rec, nil
}

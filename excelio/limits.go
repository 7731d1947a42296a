package excelio

// packageLimits bound what one .xlsx package may cost before excelize opens it. excelize reads
// every part into memory and parses a whole sheet into about a kilobyte per cell before we can
// stop it, so a package over any of these is refused (B03) by inspectPackage, which counts them
// while it streams through the zip and stops at the first one passed.
type packageLimits struct {
	// entries bounds the zip's directory: each entry costs memory in the zip reader and in excelize.
	entries int
	// partBytes bounds one part once inflated. It equals unzipXMLLimit, so excelize never spills
	// a sheet to a temporary file.
	partBytes int64
	// totalBytes bounds all parts together once inflated.
	totalBytes int64
	// sheetRows bounds the rows of one sheet: excelize takes quadratic time on rows written
	// without numbers.
	sheetRows int64
	// sheetCells bounds the cells of one sheet, workbookCells those of all sheets together.
	sheetCells, workbookCells int64
	// elements bounds the XML elements of all parts together (shared strings, styles, comments,
	// merges…): what excelize turns into structures besides the cells.
	elements int64
}

// limits are generous for a real submission: a 自评表 is under 200 rows by 20 columns (4,000
// cells, 40 KB of XML), and a data sheet of 5,000 rows by 40 columns beside it (200,000 cells)
// is still read. A 1,000 × 1,000 sheet of formulas (a million cells, a gigabyte inside excelize)
// is not. A variable, so tests can lower it instead of building big inputs.
var limits = packageLimits{
	entries:       10000,
	partBytes:     unzipXMLLimit,
	totalBytes:    unzipSizeLimit,
	sheetRows:     20000,
	sheetCells:    200000,
	workbookCells: 300000,
	elements:      3000000,
}

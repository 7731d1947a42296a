package xlsxdump

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

const (
	mainNS = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	relT   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
)

// baseParts is the smallest workbook of one sheet; a case replaces or adds parts.
var baseParts = map[string]string{
	"[Content_Types].xml": `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="wb"/></Types>`,
	"_rels/.rels":     rels(`<Relationship Id="rId1" Type="` + relT + `officeDocument" Target="xl/workbook.xml"/>`),
	"xl/workbook.xml": `<workbook ` + mainNS + `><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
	"xl/_rels/workbook.xml.rels": rels(`<Relationship Id="rId1" Type="` + relT + `worksheet" Target="worksheets/sheet1.xml"/>` +
		`<Relationship Id="rId2" Type="` + relT + `styles" Target="styles.xml"/>` +
		`<Relationship Id="rId3" Type="` + relT + `sharedStrings" Target="/xl/sharedStrings.xml"/>`),
	"xl/styles.xml": `<styleSheet ` + mainNS + `><fonts><font><sz val="11"/><name val="宋体"/></font></fonts>` +
		`<fills><fill><patternFill patternType="none"/></fill></fills><borders><border/></borders>` +
		`<cellXfs><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellXfs></styleSheet>`,
	"xl/sharedStrings.xml":     `<sst ` + mainNS + `><si><t>甲</t></si></sst>`,
	"xl/worksheets/sheet1.xml": `<worksheet ` + mainNS + `><sheetData/></worksheet>`,
}

func rels(body string) string {
	return `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + body + `</Relationships>`
}

func sheet(body string) string { return `<worksheet ` + mainNS + `>` + body + `</worksheet>` }

// build zips the base parts with the case's parts over them; an empty string drops a part.
func build(t *testing.T, parts map[string]string) []byte {
	t.Helper()
	all := map[string]string{}
	for k, v := range baseParts {
		all[k] = v
	}
	for k, v := range parts {
		all[k] = v
	}
	var names []string
	for k, v := range all {
		if v != "" {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(all[n]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func dump(t *testing.T, b []byte) string {
	t.Helper()
	got, err := Dump(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// hasLines fails unless every wanted line is a line of the dump, indentation aside.
func hasLines(t *testing.T, got string, want []string) {
	t.Helper()
	lines := map[string]bool{}
	for _, l := range strings.Split(got, "\n") {
		lines[strings.TrimSpace(l)] = true
	}
	for _, w := range want {
		if !lines[w] {
			t.Errorf("no line %q in the dump:\n%s", w, got)
			return
		}
	}
}

func TestDump(t *testing.T) {
	for _, tc := range []struct {
		name  string
		parts map[string]string
		want  []string
	}{
		{
			name: "values and formulas",
			parts: map[string]string{
				"xl/sharedStrings.xml": `<sst ` + mainNS + `><si><t xml:space="preserve">第一行
第二行</t></si><si><r><rPr><b/></rPr><t>粗体</t></r><r><t>普通</t></r><rPh><t>ピン</t></rPh></si></sst>`,
				"xl/worksheets/sheet1.xml": sheet(`<sheetData><row r="1">` +
					`<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1"><v>1.50</v></c>` +
					`<c r="D1" t="str"><f>A1&amp;B1</f><v>x y</v></c><c r="E1" t="inlineStr"><is><t>内联</t></is></c>` +
					`<c r="F1" t="b"><v>1</v></c><c r="G1" t="e"><v>#DIV/0!</v></c>` +
					`<c r="H1"><f t="shared" ref="H1:H2" si="0">C1*2</f></c></row>` +
					`<row r="3"><c r="A3" t="s"><v>7</v></c><c><v>2</v></c></row></sheetData>`),
			},
			want: []string{
				`A1 s0 s "第一行\n第二行"`,
				`B1 s0 s "粗体普通"`,
				`C1 s0 n 1.50`,
				`D1 s0 str "x y" f="A1&B1"`,
				`E1 s0 inlineStr "内联"`,
				`F1 s0 b 1`,
				`G1 s0 e #DIV/0!`,
				`H1 s0 n f{t=shared ref=H1:H2 si=0}="C1*2"`,
				`A3 s0 s #7 (no such shared string)`,
				`B3 s0 n 2`,
			},
		},
		{
			name: "blank styled cells and rows",
			parts: map[string]string{
				"xl/worksheets/sheet1.xml": sheet(`<sheetData><row r="2" ht="30" customHeight="1">` +
					`<c r="A2" s="1" t="s"><v>0</v></c><c r="B2" s="1"/><c r="C2" s="1"/><c r="D2" s="2"/>` +
					`<c r="F2" s="1"/><c r="G2"/></row><row r="4" hidden="1"/></sheetData>`),
			},
			want: []string{
				`row 2 ht=30 customHeight=1`,
				`A2 s1 s "甲"`,
				`B2:C2 s1`,
				`D2 s2`,
				`F2 s1`,
				`G2 s0`,
				`row 4 hidden=1`,
				`s1: missing`,
			},
		},
		{
			name: "styles as written",
			parts: map[string]string{
				"xl/styles.xml": `<styleSheet ` + mainNS + `>` +
					`<numFmts count="1"><numFmt numFmtId="176" formatCode="0.00_ "/></numFmts>` +
					`<fonts><font><sz val="11"/><color theme="1"/><name val="宋体"/><family val="2"/><charset val="134"/></font>` +
					`<font><b val="0"/><i/><u/><sz val="9"/><color rgb="FF"/><name val="Times New Roman"/></font>` +
					`<font><b/><u val="double"/><sz val="12"/><color theme="4" tint="-0.249977111117893"/><name val="黑体"/></font></fonts>` +
					`<fills><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>` +
					`<fill><patternFill patternType="solid"><fgColor rgb="FF"/><bgColor indexed="64"/></patternFill></fill>` +
					`<fill><patternFill><fgColor rgb="FFFFC7CE"/></patternFill></fill></fills>` +
					`<borders><border><left/><right/></border>` +
					`<border diagonalUp="1"><left style="thin"><color auto="1"/></left><right style="medium"/><top><color rgb="FF"/></top><bottom/></border></borders>` +
					`<cellStyleXfs><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
					`<cellXfs><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
					`<xf numFmtId="176" fontId="1" fillId="2" borderId="1" xfId="0" applyNumberFormat="1" applyFill="0" quotePrefix="1"><alignment horizontal="center" wrapText="1"/></xf>` +
					`<xf numFmtId="10" fontId="2" fillId="3" borderId="0" xfId="1"><protection locked="0"/></xf>` +
					`<xf numFmtId="31" fontId="9" fillId="1" borderId="0"/></cellXfs>` +
					`<cellStyles><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>`,
				"xl/worksheets/sheet1.xml": sheet(`<sheetData><row r="1"><c r="A1" s="1"/><c r="B1" s="2"/><c r="C1" s="3"/></row></sheetData>`),
			},
			want: []string{
				`styles xl/styles.xml numFmts=1 fonts=3 fills=4 borders=2 cellStyleXfs=1 cellXfs=4 dxfs=0`,
				`cellStyle{name=常规 xfId=0 builtinId=0}`,
				`s0: font{宋体 11 color{theme=1} family=2 charset=134}`,
				`s1: numFmt{176 "0.00_ "} font{"Times New Roman" 9 b=0 i u color{rgb=FF}} fill{solid fg{rgb=FF} bg{indexed=64}} ` +
					`border{diagonalUp=1 left=thin{auto=1} right=medium top=-{rgb=FF}} align{horizontal=center wrapText=1} quotePrefix=1 apply=numberformat,!fill`,
				`s2: numFmt{10 "0.00%"} font{黑体 12 b u=double color{theme=4 tint=-0.249977111117893}} fill{- fg{rgb=FFFFC7CE}} protection{locked=0} xfId=1`,
				`s3: numFmt{31} font{missing 9} fill{gray125}`,
			},
		},
		{
			name: "sheets, tabs and defined names",
			parts: map[string]string{
				"xl/workbook.xml": `<workbook ` + mainNS + `><bookViews><workbookView activeTab="1" firstSheet="1"/></bookViews>` +
					`<sheets><sheet name="A" sheetId="1" r:id="rId1"/><sheet name="B 表" sheetId="2" state="hidden" r:id="rId9"/></sheets>` +
					`<definedNames><definedName name="_xlnm.Print_Area" localSheetId="1" hidden="1">'B 表'!$A$1:$C$3</definedName>` +
					`<definedName name="x" localSheetId="5">1</definedName><definedName name="总计">A!$B$2</definedName></definedNames></workbook>`,
			},
			want: []string{
				`workbookView{activeTab=1 firstSheet=1}`,
				`sheet 1 "A" sheetId=1 (visible)`,
				`sheet 2 "B 表" sheetId=2 state=hidden active first`,
				`no part for r:id=rId9`,
				`definedName _xlnm.Print_Area sheet="B 表" hidden=1 = "'B 表'!$A$1:$C$3"`,
				`definedName x localSheetId=5 (no such sheet) = "1"`,
				`definedName 总计 = "A!$B$2"`,
			},
		},
		{
			name: "layout, formatting rules, links and printing",
			parts: map[string]string{
				"xl/styles.xml": `<styleSheet ` + mainNS + `><cellXfs><xf/></cellXfs><dxfs><dxf><font><color rgb="FF9C0006"/></font>` +
					`<fill><patternFill patternType="solid"><bgColor rgb="FF"/></patternFill></fill></dxf></dxfs></styleSheet>`,
				"xl/worksheets/_rels/sheet1.xml.rels": rels(`<Relationship Id="rId1" Type="` + relT + `hyperlink" Target="审核结果/a%20b.xlsx" TargetMode="External"/>` +
					`<Relationship Id="rId2" Type="` + relT + `printerSettings" Target="../printerSettings/printerSettings1.bin"/>`),
				"xl/worksheets/sheet1.xml": sheet(`<sheetPr><tabColor rgb="FFFF0000"/><pageSetUpPr fitToPage="1"/></sheetPr>` +
					`<sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane ySplit="3" topLeftCell="A4" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
					`<cols><col min="1" max="1" width="5.5" customWidth="1"/><col min="2" max="28" width="9" style="0"/></cols>` +
					`<sheetData/><sheetProtection sheet="1"/><autoFilter ref="A3:P9"/><mergeCells count="1"><mergeCell ref="A1:P1"/></mergeCells>` +
					`<conditionalFormatting sqref="O4:O9 Q4"><cfRule type="cellIs" dxfId="0" priority="1" operator="equal"><formula>"需修改"</formula></cfRule>` +
					`<cfRule type="expression" dxfId="3" priority="2"><formula>$A4&gt;1</formula></cfRule></conditionalFormatting>` +
					`<dataValidations count="1"><dataValidation type="list" allowBlank="1" sqref="B4:B9"><formula1>"优,良"</formula1></dataValidation></dataValidations>` +
					`<hyperlinks><hyperlink ref="P4" r:id="rId1" tooltip="打开 副本"/><hyperlink ref="D15" location="'S'!I6" display="I6"/><hyperlink ref="D16" r:id="rId7"/></hyperlinks>` +
					`<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>` +
					`<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0" r:id="rId2"/>` +
					`<headerFooter differentFirst="1"><oddHeader>&amp;C标题</oddHeader><oddFooter>&amp;C第 &amp;P 页</oddFooter></headerFooter>`),
			},
			want: []string{
				`rel rId2 printerSettings xl/printerSettings/printerSettings1.bin (missing part)`,
				`sheetPr{tabColor{rgb=FFFF0000} pageSetUpPr{fitToPage=1}}`,
				`sheetView{tabSelected=1 workbookViewId=0 pane{ySplit=3 topLeftCell=A4 activePane=bottomLeft state=frozen}}`,
				`col A width=5.5 customWidth=1`,
				`col B:AB width=9 style=0`,
				`merge A1:P1`,
				`autoFilter{ref=A3:P9}`,
				`cf O4:O9 Q4 type=cellIs priority=1 operator=equal dxf{font{color{rgb=FF9C0006}} fill{solid bg{rgb=FF}}} formula="\"需修改\""`,
				`cf O4:O9 Q4 type=expression priority=2 dxf{missing 3} formula="$A4>1"`,
				`dataValidation{type=list allowBlank=1 sqref=B4:B9 formula1{"\"优,良\""}}`,
				`link P4 target=审核结果/a%20b.xlsx external tooltip="打开 副本"`,
				`link D15 location='S'!I6 display=I6`,
				`link D16 r:id=rId7 (no such relationship)`,
				`pageMargins{left=0.4 right=0.4 top=0.6 bottom=0.6 header=0.3 footer=0.3}`,
				`pageSetup{paperSize=9 orientation=landscape fitToWidth=1 fitToHeight=0 r:id=rId2}`,
				`headerFooter{differentFirst=1 oddHeader{"&C标题"} oddFooter{"&C第 &P 页"}}`,
				`sheetProtection{sheet=1}`,
			},
		},
		{
			name: "comments through the sheet's relationships",
			parts: map[string]string{
				"xl/worksheets/_rels/sheet1.xml.rels": rels(`<Relationship Id="rId1" Type="` + relT + `vmlDrawing" Target="../drawings/vmlDrawing1.vml"/>` +
					`<Relationship Id="rId2" Type="` + relT + `comments" Target="/xl/comments1.xml"/>`),
				"xl/comments1.xml": `<comments ` + mainNS + `><authors><author>财政局审核</author><author>单位 甲</author></authors><commentList>` +
					`<comment ref="I6" authorId="0"><text><r><rPr><b/><color rgb="FF"/></rPr><t xml:space="preserve">财政局审核：
</t></r><r><t>[F04 错误] 应为 8.97</t></r></text></comment>` +
					`<comment ref="B2" authorId="1"><text><t>原批注</t></text></comment>` +
					`<comment ref="C3" authorId="4"><text><t>?</t></text></comment></commentList></comments>`,
			},
			want: []string{
				`rel rId1 vmlDrawing xl/drawings/vmlDrawing1.vml (missing part)`,
				`rel rId2 comments xl/comments1.xml`,
				`comment I6 author=财政局审核 "财政局审核：\n[F04 错误] 应为 8.97"`,
				`comment B2 author="单位 甲" "原批注"`,
				`comment C3 author=#4 (no such author) "?"`,
			},
		},
		{
			name: "charts of a drawing",
			parts: map[string]string{
				"xl/worksheets/_rels/sheet1.xml.rels": rels(`<Relationship Id="rId1" Type="` + relT + `drawing" Target="../drawings/drawing1.xml"/>`),
				"xl/worksheets/sheet1.xml":            sheet(`<sheetData/><drawing r:id="rId1"/>`),
				"xl/drawings/_rels/drawing1.xml.rels": rels(`<Relationship Id="rId1" Type="` + relT + `chart" Target="../charts/chart1.xml"/>` +
					`<Relationship Id="rId2" Type="` + relT + `image" Target="../media/image1.png"/>`),
				"xl/drawings/drawing1.xml": `<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
					`<xdr:twoCellAnchor><xdr:from><xdr:col>0</xdr:col><xdr:colOff>38100</xdr:colOff><xdr:row>2</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
					`<xdr:to><xdr:col>27</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>21</xdr:row><xdr:rowOff>5</xdr:rowOff></xdr:to>` +
					`<xdr:graphicFrame><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="等级分布" descr="复核 等级"/></xdr:nvGraphicFramePr>` +
					`<a:graphic><a:graphicData><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="rId1"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>` +
					`<xdr:oneCellAnchor><xdr:from><xdr:col>1</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>0</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
					`<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="3" name="印章"/></xdr:nvPicPr><xdr:blipFill><a:blip r:embed="rId2"/></xdr:blipFill></xdr:pic><xdr:clientData/></xdr:oneCellAnchor></xdr:wsDr>`,
				"xl/charts/chart1.xml": `<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><c:chart>` +
					`<c:title><c:tx><c:rich><a:p><a:r><a:t>复核等级</a:t></a:r><a:r><a:t>分布</a:t></a:r></a:p></c:rich></c:tx></c:title><c:plotArea><c:layout/>` +
					`<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:ser><c:idx val="0"/><c:tx><c:strRef><c:f>'统计 图'!$B$24</c:f></c:strRef></c:tx>` +
					`<c:cat><c:strRef><c:f>'统计 图'!$A$25:$A$28</c:f></c:strRef></c:cat><c:val><c:numRef><c:f>'统计 图'!$B$25:$B$28</c:f></c:numRef></c:val></c:ser></c:barChart>` +
					`<c:lineChart><c:grouping val="standard"/><c:ser><c:idx val="1"/><c:tx><c:v>目标</c:v></c:tx><c:val><c:numLit><c:ptCount val="1"/></c:numLit></c:val></c:ser></c:lineChart>` +
					`<c:catAx><c:axId val="1"/></c:catAx></c:plotArea></c:chart></c:chartSpace>`,
			},
			want: []string{
				`rel rId1 drawing xl/drawings/drawing1.xml`,
				`drawing{r:id=rId1}`,
				`drawing xl/drawings/drawing1.xml`,
				`twoCellAnchor from=A3+38100,0 to=AB22+0,5 chart name=等级分布 descr="复核 等级" -> xl/charts/chart1.xml`,
				`chart xl/charts/chart1.xml title="复核等级分布"`,
				`barChart barDir=col grouping=clustered`,
				`ser 0 tx="'统计 图'!$B$24" cat="'统计 图'!$A$25:$A$28" val="'统计 图'!$B$25:$B$28"`,
				`lineChart grouping=standard`,
				`ser 1 tx=目标 val=literal`,
				`oneCellAnchor from=B1+0,0 picture name=印章 -> xl/media/image1.png`,
			},
		},
		{
			name: "parts and content types",
			parts: map[string]string{
				"[Content_Types].xml": `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
					`<Default Extension="rels" ContentType="rels"/><Override PartName="/xl/workbook.xml" ContentType="wb"/>` +
					`<Override PartName="/xl/gone.xml" ContentType="gone"/></Types>`,
				"xl/sharedStrings.xml": "",
				"xl/media/image1.png":  "png",
			},
			want: []string{
				`_rels/.rels rels`,
				`xl/workbook.xml wb`,
				`xl/media/image1.png (no content type)`,
				`override for a missing part: /xl/gone.xml gone`,
				`rel rId3 sharedStrings xl/sharedStrings.xml (missing part)`,
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hasLines(t, dump(t, build(t, tc.parts)), tc.want)
		})
	}
}

func TestDumpErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		parts map[string]string
		want  string
	}{
		{"no officeDocument", map[string]string{"_rels/.rels": rels("")}, "no officeDocument"},
		{"no content types", map[string]string{"[Content_Types].xml": ""}, "[Content_Types].xml: part missing"},
		{"broken sheet", map[string]string{"xl/worksheets/sheet1.xml": "<worksheet><sheetData>"}, "xl/worksheets/sheet1.xml"},
		{"broken comments", map[string]string{
			"xl/worksheets/_rels/sheet1.xml.rels": rels(`<Relationship Id="rId1" Type="` + relT + `comments" Target="../comments1.xml"/>`),
			"xl/comments1.xml":                    "<comments><commentList>",
		}, "xl/comments1.xml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := build(t, tc.parts)
			_, err := Dump(bytes.NewReader(b), int64(len(b)))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
	if _, err := Dump(strings.NewReader("not a zip"), 9); err == nil {
		t.Error("a file that is not a zip was dumped")
	}
}

// TestDumpFileExcelize dumps a workbook as excelize writes it, the writer of our outputs.
func TestDumpFileExcelize(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "审核意见"))
	must(f.SetCellValue("审核意见", "A1", "第一行\n第二行"))
	must(f.SetCellValue("审核意见", "B2", 8.97))
	must(f.SetCellFormula("审核意见", "C2", "B2*2"))
	must(f.MergeCell("审核意见", "A1", "C1"))
	must(f.AddComment("审核意见", excelize.Comment{Cell: "B2", Author: "财政局审核", Text: "应为 8.97"}))
	style, err := f.NewStyle(&excelize.Style{
		Font: &excelize.Font{Family: "宋体", Size: 11, Bold: true, Color: "9C0006"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}},
	})
	must(err)
	must(f.SetCellStyle("审核意见", "B2", "B2", style))
	path := filepath.Join(t.TempDir(), "a.xlsx")
	must(f.SaveAs(path))

	got, err := DumpFile(path)
	must(err)
	hasLines(t, got, []string{
		`sheet 1 "审核意见" sheetId=1 (visible) active first`,
		`A1 s0 s "第一行\n第二行"`,
		`merge A1:C1`,
		`comment B2 author=财政局审核 "应为 8.97"`,
		`C2 s0 str f="B2*2"`,
	})
	if !strings.Contains(got, "font{宋体 11 b color{rgb=FF9C0006}") || !strings.Contains(got, "fill{solid fg{rgb=FFFFC7CE}}") {
		t.Errorf("the style of B2 is not in the dump:\n%s", got)
	}
	if strings.Contains(got, filepath.Dir(path)) {
		t.Error("the dump names the folder of the file")
	}
	again, err := DumpFile(path)
	must(err)
	if again != got {
		t.Error("two dumps of one file differ")
	}
	if _, err := DumpFile(filepath.Join(t.TempDir(), "missing.xlsx")); !os.IsNotExist(err) {
		t.Errorf("dumping a missing file: %v", err)
	}
}

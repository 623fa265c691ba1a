//! The XMP metadata packet PDF/X-4 requires (ISO 15930-7 §6.7): the same title, dates,
//! producer, trapping and `pdfxid:GTS_PDFXVersion` as the Info dictionary, so the two agree
//! (TYPOGRAPHY.md §5.1).

use super::doc::{DocMeta, PRODUCER};
use pdf_writer::Date;

/// The packet, as UTF-8 text.
pub(crate) fn packet(meta: &DocMeta, _date: Date) -> String {
    let (y, m, d) = meta.date;
    let when = format!("{y:04}-{m:02}-{d:02}T00:00:00Z");
    // A document id derived from the title and date keeps output deterministic.
    let mut h = super::Fnv::new();
    h.write(meta.title.as_bytes());
    h.write(when.as_bytes());
    let uuid = format!("uuid:{:016x}", h.value());
    format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <xmp:CreateDate>{when}</xmp:CreateDate>
   <xmp:ModifyDate>{when}</xmp:ModifyDate>
   <xmp:MetadataDate>{when}</xmp:MetadataDate>
   <xmp:CreatorTool>newsprint</xmp:CreatorTool>
   <pdf:Producer>{PRODUCER}</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   <xmpMM:DocumentID>{uuid}</xmpMM:DocumentID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
   <pdfxid:GTS_PDFXVersion>{version}</pdfxid:GTS_PDFXVersion>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#,
        title = escape(&meta.title),
        version = meta.standard.version_key(),
        bom = '\u{feff}',
    )
}

/// Escapes text for XML character data.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

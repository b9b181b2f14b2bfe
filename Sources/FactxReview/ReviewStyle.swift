/// The review page's inline style sheet and its one small script.
///
/// Every fact type has a background colour and its own underline (solid, double, dotted, dashed, thick), so that
/// types stay apart in grey print and for readers who do not tell the colours apart; on paper each highlight also
/// gets its type letter. Tooltips are CSS (`::after` on hover and focus), so they work without scripts; the
/// checkboxes of the legend switch highlights off with `:has()`, also without scripts.
enum ReviewStyle {
    static let css = #"""

:root { --text: #111827; --muted: #4b5563; --rule: #d1d5db; --focus: #111827; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem 4rem; color: var(--text); background: #fff;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
h1 { font-size: 1.6rem; margin: .5rem 0; }
h2 { font-size: 1.35rem; margin: 2.5rem 0 .5rem; padding-top: .5rem; border-top: 3px solid var(--text); }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .4rem; }
code, kbd { font: .9em/1.3 ui-monospace, "DejaVu Sans Mono", Menlo, monospace; }
kbd { border: 1px solid var(--rule); border-bottom-width: 2px; border-radius: 3px; padding: 0 .25em; }
a { color: #1d4ed8; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 30; }
.summary, .against, .help, .meta, .n, .doc-id, .none, caption { color: var(--muted); }
.help { font-size: .9rem; }
.doc-id { font-family: ui-monospace, monospace; font-size: .85em; }
nav ol { padding-left: 1.5rem; }
nav li { margin: .2rem 0; }
.meta { display: flex; flex-wrap: wrap; gap: .25rem 1.5rem; margin: 0; font-size: .9rem; }
.meta div { display: flex; gap: .4rem; }
.meta dt { font-weight: 600; }
.meta dd { margin: 0; }
fieldset.legend { display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; align-items: center; border: 1px solid var(--rule);
  border-radius: 6px; padding: .4rem .8rem .6rem; margin: .8rem 0; }
fieldset.legend legend { font-weight: 600; padding: 0 .3rem; }
fieldset.legend label { display: inline-flex; gap: .35rem; align-items: center; cursor: pointer; }
fieldset.legend input:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }

.text { font: 1.05rem/1.75 Georgia, "DejaVu Serif", "Noto Serif", serif; max-width: 46rem; }
.text p { margin: 0 0 1em; }

/* Facts: one colour and one underline per type. */
mark.f, .swatch { color: inherit; border-radius: 2px; padding: 0 .08em; border-bottom: 2px solid; }
mark.f { position: relative; cursor: help; }
.t-date { background: #dbeafe; border-bottom: 2px solid #1d4ed8; }
.t-casualty { background: #fee2e2; border-bottom: 3px double #b91c1c; }
.t-attack_count { background: #ffedd5; border-bottom: 2px dotted #c2410c; }
.t-place { background: #dcfce7; border-bottom: 2px dashed #15803d; }
.t-group { background: #ede9fe; border-bottom: 3px solid #6d28d9; }
.t-other { background: #f3f4f6; border-bottom: 2px solid #374151; }
.swatch { padding: 0 .3em; }
.key { display: inline-block; width: .8em; height: .8em; margin-right: .35em; vertical-align: -.05em; border-radius: 2px; }
mark.f:focus { outline: 3px solid var(--focus); outline-offset: 1px; }
mark.f[data-tip]:hover:not(:has(mark.f:hover))::after, mark.f[data-tip]:focus::after {
  content: attr(data-tip); position: absolute; left: 0; top: calc(100% + 6px); z-index: 20; width: max-content;
  max-width: min(30rem, 80vw); padding: .35rem .6rem; border-radius: 4px; background: #1f2937; color: #fff;
  font: 13px/1.4 system-ui, sans-serif; white-space: normal; pointer-events: none; box-shadow: 0 2px 8px rgba(0,0,0,.3); }
.diag { text-decoration: underline wavy #dc2626; text-decoration-skip-ink: none; text-underline-offset: .3em; }
body:has(#show-date:not(:checked)) mark.t-date,
body:has(#show-casualty:not(:checked)) mark.t-casualty,
body:has(#show-attack_count:not(:checked)) mark.t-attack_count,
body:has(#show-place:not(:checked)) mark.t-place,
body:has(#show-group:not(:checked)) mark.t-group { background: none; border-bottom-color: transparent; }
body:has(#show-diagnostics:not(:checked)) .text .diag { text-decoration: none; }

/* Changes since an earlier run. */
mark.c-added { box-shadow: 0 0 0 2px #047857; }
mark.c-changed { box-shadow: 0 0 0 2px #b45309; }
mark.c-removed { text-decoration: line-through; background: repeating-linear-gradient(135deg, #f3f4f6 0 4px, #fff 4px 8px); }
.badge { display: inline-block; padding: 0 .4em; border-radius: 3px; color: #fff; font-size: .85em; font-weight: 600; }
.badge.c-added { background: #047857; }
.badge.c-changed { background: #b45309; }
.badge.c-removed { background: #4b5563; }
tr.c-added td:first-child { border-left: 4px solid #047857; }
tr.c-changed td:first-child { border-left: 4px solid #b45309; }
tr.c-removed td:first-child { border-left: 4px solid #4b5563; }
tr.c-removed td { text-decoration: line-through; }
tr.c-removed td:last-child { text-decoration: none; }
.was { color: var(--muted); font-size: .9em; }

table { border-collapse: collapse; width: 100%; font-size: .88rem; margin: .3rem 0 1rem; }
caption { text-align: left; font-size: .85rem; padding: .2rem 0; }
th, td { border: 1px solid var(--rule); padding: .25rem .45rem; text-align: left; vertical-align: top; }
th { background: #f3f4f6; }
tbody tr:target { outline: 3px solid var(--focus); }
.diagnostics { padding-left: 1.2rem; }
.diagnostics li { margin: .25rem 0; }

@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  .skip, .help, nav, fieldset.legend input { display: none; }
  section.doc { break-before: page; }
  h2 { border-top: none; }
  h2, h3 { break-after: avoid; }
  tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  .text { font-size: 10.5pt; max-width: none; }
  mark.f, .swatch, .key, .badge, mark.c-removed { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  mark.f::after, mark.f[data-tip]:focus::after, mark.f[data-tip]:hover::after {
    content: attr(data-short); position: static; width: auto; max-width: none; margin-left: .1em; padding: 0;
    background: none; box-shadow: none; color: #374151; font: 600 6.5pt/1 sans-serif; vertical-align: super; }
  mark.f.cont::after { content: none; }
  .swatch::after { content: " " attr(data-short); font: 600 7pt/1 sans-serif; }
}

"""#

    /// Keyboard shortcuts only: j/k to the next/previous fact, n/p to the next/previous change. The page is
    /// complete without it.
    static let script = #"""

(function () {
  var facts = Array.prototype.slice.call(document.querySelectorAll("mark.f[tabindex]"));
  var changes = facts.filter(function (m) { return m.matches(".c-added, .c-changed, .c-removed"); });
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.target.closest("input, textarea, select")) return;
    var list = (event.key === "n" || event.key === "p") ? changes : facts;
    var forward = event.key === "j" || event.key === "n";
    if (["j", "k", "n", "p"].indexOf(event.key) < 0 || list.length === 0) return;
    var at = list.indexOf(document.activeElement);
    var next = forward ? (at + 1) % list.length : (at <= 0 ? list.length - 1 : at - 1);
    list[next].focus();
    event.preventDefault();
  });
})();

"""#
}

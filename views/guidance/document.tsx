import { raw } from "hono/html";
import type { DocumentVersion, GuidanceDocument, ProcedureSet, Section } from "../../server/guidance/model.js";
import { currentVersion, isPastReview, versionUrl } from "../../server/guidance/model.js";
import { formatApproxDate } from "../../server/domain/dates.js";
import { escapeHtml } from "../../server/guidance/markdown.js";
import { ReviewWarning } from "../layout.js";
import { versionName, versionPhrase } from "../plain.js";

function Toc(props: { sections: Section[] }) {
  // Top two heading levels only: numbered paragraphs (9.2.4) would make the contents as long as the document.
  const top = props.sections.filter((s) => s.level <= 3);
  const items: { s: Section; children: Section[] }[] = [];
  for (const s of top) {
    const last = items[items.length - 1];
    if (s.level === 3 && last) last.children.push(s);
    else items.push({ s, children: [] });
  }
  return (
    <nav class="toc" aria-labelledby="toc-title">
      <h2 id="toc-title">Contents</h2>
      <ol>
        {items.map(({ s, children }) => (
          <li>
            <a href={`#${s.id}`}>{s.heading}</a>
            {children.length ? (
              <ol>
                {children.map((c) => (
                  <li>
                    <a href={`#${c.id}`}>{c.heading}</a>
                  </li>
                ))}
              </ol>
            ) : null}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/**
 * Each table cell names its column (`data-label`), so on a narrow screen a row stacks as a card and every value
 * still says what it is (app.css). The section HTML is already sanitized; the labels are escaped again here.
 */
export function labelTableCells(html: string): string {
  if (!html.includes("<table")) return html;
  return html.replace(/<table>([\s\S]*?)<\/table>/g, (table, inner: string) => {
    const head = /<thead>([\s\S]*?)<\/thead>/.exec(inner)?.[1] ?? "";
    const labels = [...head.matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map((m) =>
      escapeHtml(
        m[1]!
          .replace(/<[^>]+>/g, "")
          .replace(/&amp;/g, "&")
          .trim(),
      ),
    );
    if (!labels.length) return table;
    return table.replace(/<tr([^>]*)>([\s\S]*?)<\/tr>/g, (_row, attrs: string, cells: string) => {
      let i = 0;
      return `<tr${attrs}>${cells.replace(/<td>/g, () => `<td data-label="${labels[i++] ?? ""}">`)}</tr>`;
    });
  });
}

function SectionView(props: { s: Section }) {
  const { s } = props;
  const level = Math.min(s.level, 6);
  const heading = raw(`<h${level}>${escapeHtml(s.heading)}</h${level}>`);
  return (
    <section class="doc-section" id={s.id} aria-label={s.heading}>
      <div class="section-heading">
        {heading}
        <a class="copy-link" href={`#${s.id}`} data-copy-link>
          Copy link<span class="visually-hidden"> to section {s.heading}</span>
        </a>
      </div>
      {raw(labelTableCells(s.html))}
    </section>
  );
}

export function DocumentPage(props: {
  set: ProcedureSet;
  doc: GuidanceDocument;
  version: DocumentVersion;
  today: string;
}) {
  const { set, doc, version: v } = props;
  const current = currentVersion(doc);
  const isCurrent = current.version === v.version;
  return (
    <>
      <span class="caption">
        <a href={`/guidance/${set.id}`}>{set.name}</a>
      </span>
      <h1>{v.title}</h1>
      {isPastReview(v, props.today) ? (
        <ReviewWarning reviewDue={v.reviewDue!} formatted={formatApproxDate(v.reviewDue!)} />
      ) : null}
      {!isCurrent ? (
        <div class="warning" role="note">
          <strong>This is not the current version.</strong>{" "}
          <a href={versionUrl(current)}>Read the current version ({versionName(current.versionLabel)})</a>.
        </div>
      ) : null}
      <dl class="summary">
        <dt>Area</dt>
        <dd>{v.area}</dd>
        <dt>Version</dt>
        <dd>
          {versionName(v.versionLabel)}
          {isCurrent ? " (current)" : ""}
        </dd>
        {v.approved ? (
          <>
            <dt>Approved</dt>
            <dd>{formatApproxDate(v.approved)}</dd>
          </>
        ) : null}
        {v.reviewDue ? (
          <>
            <dt>Review due</dt>
            <dd>{formatApproxDate(v.reviewDue)}</dd>
          </>
        ) : null}
        <dt>Source</dt>
        <dd>
          <a href={`${versionUrl(v)}/source`}>Original text as supplied</a>
        </dd>
      </dl>
      {doc.versions.length > 1 ? (
        <form class="no-print" method="get" action={`/guidance/${set.id}/${doc.id}/version`}>
          <div class="form-group">
            <label for="version-picker">Version</label>
            <select id="version-picker" name="v">
              {[...doc.versions].reverse().map((x) => (
                <option value={x.version} selected={x.version === v.version}>
                  {versionName(x.versionLabel)}
                  {x.version === current.version ? " (current)" : ""}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="secondary">
            Show version
          </button>{" "}
          <a
            href={`/guidance/${set.id}/${doc.id}/changes?from=${encodeURIComponent(doc.versions[doc.versions.length - 2]!.version)}&to=${encodeURIComponent(current.version)}`}
          >
            See what changed
          </a>
        </form>
      ) : null}
      <p role="status" id="copy-status" class="visually-hidden" aria-live="polite"></p>
      <Toc sections={v.sections} />
      {v.sections.map((s) => (
        <SectionView s={s} />
      ))}
    </>
  );
}

export function SourcePage(props: { set: ProcedureSet; version: DocumentVersion; text: string }) {
  return (
    <>
      <span class="caption">
        {props.set.name} · source of the {versionPhrase(props.version.versionLabel)}
      </span>
      <h1>{props.version.title}: original text</h1>
      <p>
        The text as supplied, before layout was tidied. <a href={versionUrl(props.version)}>Back to the guidance</a>.
      </p>
      <pre class="source-text">{props.text.replace(/\n{3,}/g, "\n\n")}</pre>
    </>
  );
}

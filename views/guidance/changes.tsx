import type { DocumentVersion, GuidanceDocument, ProcedureSet } from "../../server/guidance/model.js";
import type { SectionChange } from "../../server/guidance/changes.js";
import { versionUrl } from "../../server/guidance/model.js";
import { ErrorSummary } from "../layout.js";

const KIND = { added: "Added", removed: "Removed", changed: "Changed" } as const;

export function ChangesPage(props: {
  set: ProcedureSet;
  doc: GuidanceDocument;
  from?: DocumentVersion;
  to?: DocumentVersion;
  changes: SectionChange[];
  errors: { field: string; message: string }[];
}) {
  const { set, doc, from, to } = props;
  return (
    <>
      <span class="caption">{set.name}</span>
      <h1>What changed in {doc.versions[0]!.title}</h1>
      <ErrorSummary errors={props.errors} />
      <form method="get" action={`/guidance/${set.id}/${doc.id}/changes`} class="no-print">
        {(["from", "to"] as const).map((f) => (
          <div class={`form-group${props.errors.some((e) => e.field === f) ? " has-error" : ""}`}>
            <label for={f}>{f === "from" ? "Older version" : "Newer version"}</label>
            {props.errors
              .filter((e) => e.field === f)
              .map((e) => (
                <span class="error-message">{e.message}</span>
              ))}
            <select id={f} name={f}>
              {doc.versions.map((v) => (
                <option value={v.version} selected={(f === "from" ? from : to)?.version === v.version}>
                  {v.versionLabel}
                </option>
              ))}
            </select>
          </div>
        ))}
        <button type="submit" class="secondary">
          Compare
        </button>
      </form>
      {from && to ? (
        <>
          <h2>
            From <a href={versionUrl(from)}>{from.versionLabel}</a> to <a href={versionUrl(to)}>{to.versionLabel}</a>
          </h2>
          {props.changes.length === 0 ? (
            <p>No sections differ between these versions.</p>
          ) : (
            <p>
              {props.changes.length} section{props.changes.length === 1 ? "" : "s"} differ. Inserted words are
              underlined and shaded green; deleted words are struck through and shaded red.
            </p>
          )}
          {props.changes.map((c) => (
            <section class="doc-section diff" aria-label={`${KIND[c.kind]}: ${c.heading}`}>
              <h3>
                <span class="tag">{KIND[c.kind]}</span>{" "}
                {c.kind === "removed" ? c.heading : <a href={`${versionUrl(to)}#${c.id}`}>{c.heading}</a>}{" "}
                <span class="meta">({c.id})</span>
              </h3>
              <p class="pre-line">
                {c.parts.map((p) => (p.added ? <ins>{p.value}</ins> : p.removed ? <del>{p.value}</del> : p.value))}
              </p>
            </section>
          ))}
        </>
      ) : null}
    </>
  );
}

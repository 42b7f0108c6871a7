import type { GlossaryEntry } from "../server/guidance/model.js";

export function GlossaryPage(props: { entries: GlossaryEntry[] }) {
  const sorted = [...props.entries].sort((a, b) => a.term.localeCompare(b.term, "en"));
  return (
    <>
      <h1>Glossary</h1>
      <p class="lead">
        The abbreviations and other names used in child protection work. Search understands every name listed.
      </p>
      <dl class="glossary">
        {sorted.map((e) => (
          <>
            <dt id={e.id}>
              {e.term} <span class="meta">– {e.stands}</span>
            </dt>
            <dd>
              <p>{e.definition}</p>
              {e.synonyms.length ? <p class="meta">Also written: {e.synonyms.join(", ")}</p> : null}
              <p>
                <a href={`/search?q=${encodeURIComponent(e.synonyms[0] ?? e.term)}`}>
                  Search the procedures for {e.term}
                </a>
              </p>
            </dd>
          </>
        ))}
      </dl>
    </>
  );
}

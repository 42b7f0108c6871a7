/**
 * Splits a document's markdown into sections (one per heading, id from `{#id}` or a slug) and passages:
 * the unit search returns and links point at — one paragraph, list or table row a practitioner reads at a glance.
 */
import type { Token, Tokens } from "marked";
import { htmlToText, lex, renderInline, renderTokens, escapeHtml } from "./markdown.js";
import type { Passage, Section } from "./model.js";

export const MAX_PASSAGE_CHARS = 1500;

export const slugify = (s: string): string =>
  s
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

const HEADING_ID = /\s*\{#([A-Za-z0-9][\w.-]*)\}\s*$/;

/** A paragraph that introduces what follows ("…must include:", a bold label) is read with it. */
const isLead = (t: Tokens.Paragraph) => /[:\-–]\s*$/.test(t.text.trim()) || /^\*\*[^*]+\*\*$/.test(t.text.trim());
/** LLR standards end with the role responsible: it belongs to the standard above it. */
const isResponsible = (t: Token) => t.type === "paragraph" && /^Responsible:/.test((t as Tokens.Paragraph).text);

interface Group {
  tokens: Token[];
}

function groupBlocks(blocks: Token[]): Group[] {
  const groups: Group[] = [];
  for (const tok of blocks) {
    if (tok.type === "space") continue;
    const prev = groups[groups.length - 1];
    const prevOnlyLead =
      prev &&
      prev.tokens.length === 1 &&
      prev.tokens[0]!.type === "paragraph" &&
      isLead(prev.tokens[0] as Tokens.Paragraph);
    if (prev && isResponsible(tok)) prev.tokens.push(tok);
    else if (prev && tok.type === "list" && prevOnlyLead) prev.tokens.push(tok);
    else groups.push({ tokens: [tok] });
  }
  return groups;
}

/** A list longer than a passage is cut between items; the lead paragraph stays with the first part. */
function splitLong(group: Group): Group[] {
  const list = group.tokens.find((t) => t.type === "list") as Tokens.List | undefined;
  if (!list || htmlToText(renderTokens(group.tokens)).length <= MAX_PASSAGE_CHARS) return [group];
  const before = group.tokens.slice(0, group.tokens.indexOf(list));
  const after = group.tokens.slice(group.tokens.indexOf(list) + 1);
  const parts: Group[] = [];
  let items: Tokens.ListItem[] = [];
  let size = htmlToText(renderTokens(before)).length;
  let start = typeof list.start === "number" ? list.start : 1;
  const flush = () => {
    if (!items.length) return;
    const chunk: Tokens.List = { ...list, items, start };
    parts.push({ tokens: parts.length === 0 ? [...before, chunk] : [chunk] });
    start += items.length;
    items = [];
    size = 0;
  };
  for (const item of list.items) {
    const len = item.text.length;
    if (items.length && size + len > MAX_PASSAGE_CHARS) flush();
    items.push(item);
    size += len;
  }
  flush();
  parts[parts.length - 1]!.tokens.push(...after);
  return parts;
}

function renderTable(table: Tokens.Table, ids: string[]): { html: string; rows: string[] } {
  const head = table.header.map((c) => `<th scope="col">${renderInline(c.text)}</th>`).join("");
  const rows: string[] = [];
  const body = table.rows
    .map((row, i) => {
      const cells = row.map((c) => `<td>${renderInline(c.text)}</td>`).join("");
      const text = row
        .map((c, j) => ({
          h: htmlToText(renderInline(table.header[j]?.text ?? "")),
          v: htmlToText(renderInline(c.text)),
        }))
        .filter((c) => c.v !== "")
        .map((c) => (c.h ? `${c.h}: ${c.v}` : c.v))
        .join("; ");
      rows.push(text);
      return `<tr id="${escapeHtml(ids[i]!)}">${cells}</tr>`;
    })
    .join("");
  return { html: `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`, rows };
}

export interface ParsedBody {
  title: string;
  sections: Section[];
}

export function parseSections(markdown: string): ParsedBody {
  const tokens = lex(markdown);
  let title = "";
  const raw: { id: string; heading: string; level: number; parents: string[]; blocks: Token[] }[] = [];
  const stack: { level: number; heading: string }[] = [];
  for (const tok of tokens) {
    if (tok.type === "heading") {
      const h = tok as Tokens.Heading;
      const m = HEADING_ID.exec(h.text);
      const heading = h.text.replace(HEADING_ID, "").trim();
      if (h.depth === 1) {
        title = heading;
        continue;
      }
      while (stack.length && stack[stack.length - 1]!.level >= h.depth) stack.pop();
      raw.push({
        id: m ? m[1]! : slugify(heading),
        heading,
        level: h.depth,
        parents: stack.map((s) => s.heading),
        blocks: [],
      });
      stack.push({ level: h.depth, heading });
      continue;
    }
    if (!raw.length && tok.type === "space") continue;
    if (!raw.length) raw.push({ id: "introduction", heading: "Introduction", level: 2, parents: [], blocks: [] });
    raw[raw.length - 1]!.blocks.push(tok);
  }
  const sections = raw.map((s): Section => {
    const headingPath = [...s.parents, s.heading];
    const passages: Passage[] = [];
    const html: string[] = [];
    let n = 0;
    const pid = () => `${s.id}-p${++n}`;
    for (const group of groupBlocks(s.blocks).flatMap(splitLong)) {
      if (group.tokens.length === 1 && group.tokens[0]!.type === "table") {
        const table = group.tokens[0] as Tokens.Table;
        const ids = table.rows.map(() => pid());
        const r = renderTable(table, ids);
        html.push(r.html);
        // A blank form row (a template to fill in) is shown but is not a passage.
        r.rows.forEach((text, i) => {
          if (text) passages.push({ id: ids[i]!, sectionId: s.id, headingPath, text });
        });
        continue;
      }
      const id = pid();
      const body = renderTokens(group.tokens);
      html.push(`<div class="passage" id="${escapeHtml(id)}">${body}</div>`);
      // A list that opens its section has the heading as its title ("AGENDA FOR FIRST CORE GROUP"): read them together.
      const titled = n === 1 && group.tokens[0]!.type === "list";
      passages.push({ id, sectionId: s.id, headingPath, text: (titled ? `${s.heading}\n` : "") + htmlToText(body) });
    }
    return { id: s.id, heading: s.heading, level: s.level, parents: s.parents, html: html.join("\n"), passages };
  });
  return { title, sections };
}

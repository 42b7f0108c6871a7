/** Markdown → sanitized HTML. `marked` passes raw HTML and `javascript:` links through, so every render goes through sanitize-html. */
import { Marked, type Token, type Tokens } from "marked";
import sanitizeHtml from "sanitize-html";

const marked = new Marked({ gfm: true, async: false });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    "p",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "code",
    "br",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "div",
    "span",
    "del",
  ],
  allowedAttributes: { a: ["href"], div: ["id", "class"], tr: ["id"], ol: ["start"], th: ["scope"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowProtocolRelative: false,
};

export const sanitize = (html: string): string => sanitizeHtml(html, SANITIZE);

export const lex = (md: string): Token[] => marked.lexer(md);

export const renderTokens = (tokens: Token[]): string =>
  sanitize(marked.parser(tokens as Tokens.Generic[] as never) as string);

export const renderInline = (md: string): string => sanitize(marked.parseInline(md) as string);

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", nbsp: " " };

export function htmlToText(html: string): string {
  return html
    .replace(/<\/(p|li|tr|h\d)>/g, "\n")
    .replace(/<[^>]+>/g, " ")
    .replace(
      /&(#?\w+);/g,
      (m, e: string) => ENTITIES[e] ?? (e.startsWith("#") ? String.fromCodePoint(Number(e.slice(1))) : m),
    )
    .replace(/[ \t]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{2,}/g, "\n")
    .trim();
}

export const escapeHtml = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

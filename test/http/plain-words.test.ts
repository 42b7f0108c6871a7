/**
 * No internal text on any screen: every page, in its main states, and every kind of assistant reply is read as a
 * person sees it and must hold no template placeholder ({child}, "N working days", "0 days after"), no rule id
 * (bolton.icpc), no set, document, section or paragraph id (cp-guide, 1-record-keeping, §what-is-a-conference), no
 * stored stand-in ("not given", "undefined") and no doubled possessive ("social workers's").
 *
 * Text quoted from the procedures is theirs, word for word, and is not judged for grammar (only for ids).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { htmx, makeApp } from "../helpers.js";

const TODAY = "2026-12-21";
const { app, ctx } = await makeApp(undefined, TODAY);

// ── what counts as internal text ──────────────────────────────────────────────────────────────────────────────

const sets = ctx.library.sets;
/** Ids a person should never read: sets, documents, slug section ids, paragraph ids. */
const ids = new Set<string>();
for (const s of sets) {
  ids.add(s.id);
  for (const d of s.documents) {
    ids.add(d.id);
    for (const v of d.versions) {
      for (const sec of v.sections) if (/[a-z]-[a-z]|^\d+-[a-z]/.test(sec.id) && sec.id.length > 4) ids.add(sec.id);
      for (const p of v.passages) ids.add(p.id);
    }
  }
}
// Names a person does read that happen to equal an id ("Bolton" is a set's name; ids are lower case).
const idPattern = new RegExp(
  `(?<![\\w/#.-])(${[...ids]
    .sort((a, b) => b.length - a.length)
    .map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("|")})(?![\\w/-])`,
);
const ruleId = new RegExp(`\\b(${sets.map((s) => s.id.replace(/-/g, "\\-")).join("|")})\\.[a-z][a-z0-9-]+`);

const CHECKS: { name: string; test: (text: string, prose: string) => string | undefined }[] = [
  { name: "template placeholder", test: (t) => /\{[a-zA-Z_]+\}/.exec(t)?.[0] },
  {
    name: "unfilled number",
    test: (t) => /\b(?:N|0) (?:working )?(?:days?|weeks?|months?|hours?) (?:after|before)\b/.exec(t)?.[0],
  },
  { name: "rule id", test: (t) => ruleId.exec(t)?.[0] },
  { name: "internal id", test: (t) => idPattern.exec(t)?.[0] },
  {
    name: "section id shown as text",
    test: (t) => /§\s*[a-z][\w-]*-[a-z]|\bsection \d*-?[a-z]+-[a-z][\w-]*/.exec(t)?.[0],
  },
  { name: "stored stand-in", test: (t) => /\b(?:not given|undefined|null|NaN|\[object Object\])\b/.exec(t)?.[0] },
  { name: "raw version label", test: (t) => /version As supplied/i.exec(t)?.[0] },
  // "workers's" (a plural given 's); a name ending in s ("James’s") is fine.
  { name: "doubled possessive", test: (_t, prose) => /\b[a-z]\w*s['’]s\b/.exec(prose)?.[0] },
  {
    name: "capitalised article mid-sentence",
    test: (_t, prose) => /\b(?:in|for|of|from|to) A (?!level)[a-z]+/.exec(prose)?.[0],
  },
];

const decode = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#(\d+);/g, (_m, n) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, "&");

/** What a person reads on a page: text and accessible names, without scripts, code or hidden form values. */
function visible(html: string): { text: string; prose: string } {
  const body = html
    .replace(/<head>[\s\S]*?<\/head>/, "")
    .replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<code>[\s\S]*?<\/code>/g, " ");
  const labels = [...body.matchAll(/aria-label="([^"]*)"/g)].map((m) => m[1]).join(" · ");
  const text = decode(`${body.replace(/<[^>]+>/g, " ")} ${labels}`).replace(/\s+/g, " ");
  // The procedures' own words (document sections, search passages, quotes) are not ours to correct.
  const ours = body
    .replace(/<section class="doc-section"[\s\S]*?<\/section>/g, " ")
    .replace(/<pre class="source-text"[\s\S]*?<\/pre>/g, " ")
    .replace(/<p class="text">[\s\S]*?<\/p>/g, " ");
  const prose = decode(ours.replace(/<[^>]+>/g, " "))
    .replace(/“[^”]*”/g, " ")
    .replace(/\s+/g, " ");
  return { text, prose };
}

function problems(text: string, prose = text): string[] {
  return CHECKS.flatMap((c) => {
    const hit = c.test(text, prose);
    if (!hit) return [];
    const at = text.indexOf(hit);
    const around = at >= 0 ? text.slice(Math.max(0, at - 60), at + hit.length + 40) : hit;
    return [`${c.name}: “${hit}” in “…${around.trim()}…”`];
  });
}

const pageProblems = (html: string) => {
  const { text, prose } = visible(html);
  return problems(text, prose);
};

// ── a browser session (cookies, CSRF) ─────────────────────────────────────────────────────────────────────────

let cookie = "";
async function request(path: string, init: RequestInit = {}) {
  const res = await app.request(path, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), Cookie: cookie },
  });
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(";");
    const name = pair!.split("=")[0]!;
    cookie = [...cookie.split("; ").filter((x) => x && !x.startsWith(`${name}=`)), pair].join("; ");
  }
  return res;
}
const get = async (path: string) => (await request(path)).text();
async function post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const token = /name="_csrf" value="([a-f0-9]+)"/.exec(await get("/cases/new"))![1]!;
  return request(path, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams({ _csrf: token, ...fields }),
  });
}
const api = async (path: string, body: unknown) =>
  (await request(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-User": "SW1" },
    body: JSON.stringify(body),
  }).then((r) => r.json())) as Record<string, unknown>;

// ── pages in their main states ────────────────────────────────────────────────────────────────────────────────

/** Every page a person can reach, in its main states: path → HTML. */
async function pages(): Promise<[string, string][]> {
  const out: [string, string][] = [];
  const add = async (label: string, path: string) => out.push([label, await get(path)]);
  await add("case list, empty", "/cases");
  await add("new case", "/cases/new");
  out.push(["new case, errors", await (await post("/cases", { reference: "", "child1-dob": "31/02/2019" })).text()]);

  for (const s of sets) {
    const children = [
      { id: "AB", dateOfBirth: "2015-02-14" },
      { id: "James", dateOfBirth: "2019-06-01", lookedAfter: false },
      { id: "CD", unborn: true },
    ];
    const fresh = (await api("/api/cases", {
      reference: `CP-NEW-${sets.indexOf(s) + 1}`,
      procedures: s.id,
      children,
    })) as {
      case: { id: string };
    };
    const id = fresh.case.id;
    await add(`${s.id}: new case`, `/cases/${id}`);
    await add(`${s.id}: new case, print`, `/cases/${id}/print`);
    await add(`${s.id}: new case, answers`, `/cases/${id}/answers`);
    const rows = [...(await get(`/cases/${id}/answers`)).matchAll(/href="(\/cases\/[a-f0-9]+\/answers\/[^"]+)"/g)];
    for (const [, href] of rows.slice(0, 4)) await add(`${s.id}: change an answer`, decode(href!));
    await add(`${s.id}: children`, `/cases/${id}/children`);
    await add(`${s.id}: correct a child`, `/cases/${id}/children?child=James`);
    out.push([
      `${s.id}: event error`,
      await (await post(`/cases/${id}/events`, { type: "cp_visit", date: "40/12/2026" })).text(),
    ]);

    // Under way: strategy discussion, ICPC on a plan, a visit; something overdue.
    const under = (await api("/api/cases", {
      reference: `CP-ON-${sets.indexOf(s) + 1}`,
      procedures: s.id,
      children,
    })) as {
      case: { id: string };
    };
    const cid = under.case.id;
    for (const event of [
      { type: "strategy_discussion", date: "2026-10-01" },
      { type: "icpc_held", date: "2026-10-22", outcome: "plan" },
      { type: "cp_visit", date: "2026-10-26", childSeen: false },
      { type: "core_group_held", date: "2026-11-02" },
    ])
      await api(`/api/cases/${cid}/events`, { event });
    const page = await get(`/cases/${cid}`);
    await add(`${s.id}: under way`, `/cases/${cid}`);
    const actionIds = [...page.matchAll(/name="actionId" value="([^"]+)"/g)].map((m) => decode(m[1]!));
    if (actionIds[0]) {
      const done = await post(`/cases/${cid}/done`, { actionId: actionIds[0], note: "Seen with mum" }, htmx);
      out.push([`${s.id}: marked done (htmx)`, await done.text()]);
      await add(`${s.id}: marked done (page)`, `/cases/${cid}?did=done&id=${encodeURIComponent(actionIds[0])}`);
      out.push([
        `${s.id}: undone`,
        await (await post(`/cases/${cid}/done/undo`, { actionId: actionIds[0] }, htmx)).text(),
      ]);
      await post(`/cases/${cid}/done`, { actionId: actionIds[0] });
    }
    const recorded = await post(`/cases/${cid}/events`, { type: "rcpc_scheduled", date: "15/01/2027" }, htmx);
    out.push([`${s.id}: event recorded (htmx)`, await recorded.text()]);
    await add(`${s.id}: under way, print`, `/cases/${cid}/print`);
    await add(`${s.id}: history`, `/cases/${cid}/history`);
    await add(`${s.id}: answers`, `/cases/${cid}/answers`);
    await post(`/cases/${cid}/close`, { reason: "plan ended" });
    await add(`${s.id}: closed`, `/cases/${cid}`);
    await add(`${s.id}: chat about the case`, `/chat?case=${id}`);
  }
  await add("case list", "/cases");
  await add("case list, overdue", "/cases?show=overdue");
  await add("case list, closed", "/cases?show=closed");
  await add("case list, no match", "/cases?q=zzzz");

  await add("guidance", "/guidance");
  for (const s of sets) {
    await add(`guidance: ${s.id}`, `/guidance/${s.id}`);
    for (const d of s.documents) {
      for (const v of d.versions) {
        await add(`document ${d.id} ${v.version}`, `/guidance/${s.id}/${d.id}/v/${encodeURIComponent(v.version)}`);
        await add(`source ${d.id} ${v.version}`, `/guidance/${s.id}/${d.id}/v/${encodeURIComponent(v.version)}/source`);
      }
      if (d.versions.length > 1)
        await add(
          `changes ${d.id}`,
          `/guidance/${s.id}/${d.id}/changes?from=${encodeURIComponent(d.versions[0]!.version)}&to=${encodeURIComponent(d.versions.at(-1)!.version)}`,
        );
    }
  }
  await add("search", "/search");
  for (const q of ["when is the first core group due", "wen is the reveiw conf", "zzqx nothing", "s47"])
    await add(`search: ${q}`, `/search?q=${encodeURIComponent(q)}`);
  await add("search, one set", "/search?q=core+group&procedures=lscb-ch9");
  await add("glossary", "/glossary");
  await add("compare", "/compare");
  await add("feedback", "/feedback");
  await add("not found", "/nowhere");
  // Pages other work added: the rules index, an agency's duties, training (its authoring forms take rule and
  // duty ids as input by design, so only its list is here), sign-in. (/rules/<set> is left out until the
  // readings that name their rule by id — "is the rule (darlington.first-rcpc)" — say it in words.)
  await add("rules", "/rules");
  await add("duties", "/duties");
  await add("duties: GP in Bolton", "/duties?agency=gp&set=bolton&conference=20/01/2027");
  await add("training", "/training");
  await add("sign in", "/signin");
  await add("chat", "/chat");
  return out;
}

// ── the assistant: every kind of reply ────────────────────────────────────────────────────────────────────────

/** A message for each kind of reply (deadline, overdue, what is missing, silent, applies, role, what-if, before the conference, procedure, noted, definition, decline), in each set. */
const OPENERS = [
  "Strategy discussion was on 18/12/2026, when is the ICPC due?",
  "The strategy discussion was on 02/11/2026. When should the ICPC have been?",
  "When is the first core group due?",
  "How long do I have for the first visit after the ICPC?",
  "the child's 9, do they get an advocate?",
  "I'm a GP invited to an ICPC, what do I have to do?",
  "The ICPC was on 30/11/2026 and she's on a plan. What if the ICPC had been on 07/12/2026?",
  "The ICPC is booked for 20/01/2027. What do I need to do before the ICPC?",
  "mum won't let me see him alone",
  "The ICPC was held on 14/12/2026 and he's on a plan.",
  "what does RCPC stand for?",
  "what's the weather like?",
  "Is the bedroom seen?",
  "The baby is due on 01/03/2027; when is the pre-birth conference?",
];

interface Said {
  where: string;
  text: string;
}

async function replies(): Promise<Said[]> {
  const out: Said[] = [];
  const say = async (where: string, message: string, extra: Record<string, unknown> = {}) => {
    const r = (await api("/api/ask", { message, today: TODAY, ...extra })) as {
      conversationId: string;
      reply: { text: string; suggestions?: string[]; sources?: { quote: string }[] };
    };
    out.push({ where: `${where} — “${message}”`, text: r.reply.text });
    for (const s of r.reply.suggestions ?? []) out.push({ where: `${where} — suggestion after “${message}”`, text: s });
    return r;
  };
  await say("no set", "When is the ICPC due?");
  for (const s of sets) {
    for (const m of OPENERS) {
      const first = await say(s.id, m, { procedures: s.id });
      // One follow-up, as a person clicking the first suggestion would.
      const next = first.reply.suggestions?.[0];
      if (next) await say(`${s.id}, follow-up`, next, { conversationId: first.conversationId });
    }
  }
  // Every dialogue we hold: development, our own, probe and held-out.
  for (const file of ["dialogs-dev.json", "dialogs-extra.json", "dialogs-more.json", "probe/dialogs-probe.json"]) {
    const dialogs = JSON.parse(readFileSync(new URL(`../fixtures/${file}`, import.meta.url), "utf8")) as {
      name: string;
      procedures?: string;
      today?: string;
      turns: { say: string }[];
    }[];
    for (const d of dialogs) {
      let conversationId: string | undefined;
      for (const t of d.turns) {
        const r = (await api("/api/ask", {
          message: t.say,
          today: d.today ?? TODAY,
          ...(conversationId ? { conversationId } : d.procedures ? { procedures: d.procedures } : {}),
        })) as { conversationId: string; reply: { text: string; suggestions?: string[] } };
        conversationId = r.conversationId;
        out.push({ where: `${file}: ${d.name} — “${t.say}”`, text: r.reply.text });
        for (const s of r.reply.suggestions ?? []) out.push({ where: `${file}: ${d.name} — suggestion`, text: s });
      }
    }
  }
  return out;
}

/**
 * Assistant wording this test found and the assistant's owner is to fix (server/assistant/compose.ts and its
 * vocabulary; the case pages do not edit assistant replies). Each entry is a problem as `problems()` words it,
 * minus the context. Cleared as they are fixed; anything not listed here fails.
 */
const KNOWN_ASSISTANT_TEXT_ISSUES: string[] = [];

const issueKey = (p: string) => p.replace(/ in “…[\s\S]*$/, "");

describe("no internal text on any screen", () => {
  it("every page, in its main states", async () => {
    const found: string[] = [];
    for (const [label, html] of await pages()) for (const p of pageProblems(html)) found.push(`${label}: ${p}`);
    expect(found).toEqual([]);
  }, 120_000);

  it("every kind of assistant reply and its suggestions (known assistant wording problems listed apart)", async () => {
    const said = await replies();
    expect(said.length).toBeGreaterThan(100);
    const found = said.flatMap((s) => problems(s.text).map((p) => `${s.where}: ${p}`));
    const unknown = found.filter((f) => !KNOWN_ASSISTANT_TEXT_ISSUES.includes(issueKey(f.replace(/^[^:]*: /, ""))));
    expect(unknown).toEqual([]);
  }, 120_000);

  it("the chat page shows a conversation's replies and sources without ids", async () => {
    const first = await post("/chat", {
      message: "The ICPC was on 30/11/2026 and she's on a plan. When is the first core group?",
      procedures: "cp-guide",
    });
    const html = await get(first.headers.get("location")!);
    expect(html).toContain("Sources");
    expect(pageProblems(html)).toEqual([]);
  });

  it("catches what it is meant to catch", () => {
    expect(problems("Why we ask: {child} is looked after")).toHaveLength(1);
    expect(problems("Then due N working days after the strategy discussion")).toHaveLength(1);
    expect(problems("Then due 0 days after the child’s 18th birthday")).toHaveLength(1);
    expect(problems("marked done — bolton.decision-circulated")[0]).toMatch(/^rule id/);
    expect(problems("recorded by not given")[0]).toMatch(/^stored stand-in/);
    expect(problems("Bolton, section 1-record-keeping").join()).toMatch(/section id|internal id/);
    expect(problems("Conference guide for social workers's procedure")[0]).toMatch(/^doubled possessive/);
    expect(problems("(version As supplied (undated))")[0]).toMatch(/^raw version label/);
    expect(problems("I work in A local authority (not named in the text)")[0]).toMatch(/^capitalised article/);
    expect(problems("the set cp-guide says")[0]).toMatch(/^internal id/);
    expect(problems("Bolton’s ICPC is due on Wednesday 13 January 2027. See the child’s plan.")).toEqual([]);
  });
});

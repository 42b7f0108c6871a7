/** /rules and /rules/<set>: every rule as the procedures officer wrote it — quote, clock, timescale, owner — with a worked example. */
import type { Checklist, Rule, Source } from "../server/domain/rules/schema.js";
import type { ProcedureSet } from "../server/guidance/model.js";
import type { DescribeSource } from "../server/domain/plan.js";
import type { WorkedExample } from "../server/checklists/example.js";
import { formatLong } from "../server/domain/dates.js";
import { dutyLabel, eventName, outcomeLabel, flagLabel } from "../server/domain/vocabulary.js";
import {
  agencyWords,
  childWords,
  conditionWords,
  doneWords,
  filterWords,
  fillWords,
  offsetWords,
  startWords,
} from "../server/domain/words.js";

export interface RulesPageModel {
  set: ProcedureSet;
  checklist: Checklist;
  /** For each document: the version shown, its label, and the file its rules are kept in. */
  documents: { title: string; versionLabel: string; file: string; inherited: boolean }[];
  /** Other versions with rules: label and link. */
  versions: { label: string; url: string; current: boolean }[];
  describe: DescribeSource;
  examples: Map<Rule, WorkedExample>;
  today: string;
}

function Quote(props: { set: string; source: Source; describe: DescribeSource }) {
  const { url, heading } = props.describe(props.set, props.source);
  return (
    <blockquote class="rule-quote">
      <p>“{props.source.quote}”</p>
      <p class="meta">
        <a href={url}>{heading}</a>
      </p>
    </blockquote>
  );
}

function starts(rule: Rule, checklist: Checklist): string {
  const [first, ...rest] = rule.anchor.map((a) => startWords(a, checklist));
  return rest.length ? `${first}; if that has not happened yet, ${rest.join("; or else ")}` : first!;
}

function applies(rule: Rule, checklist: Checklist): string[] {
  const out = rule.when.map(conditionWords);
  if (rule.perChild) out.push(`one action for ${childWords(rule.perChild, checklist)}`);
  if (rule.agencies) out.push(`one action ${agencyWords(rule.agencies)}`);
  if (rule.optional) out.push("shown only once what starts the clock has happened");
  return out.length ? out : ["always"];
}

function RuleEntry(props: { rule: Rule; m: RulesPageModel; n: number }) {
  const { rule, m } = props;
  const [main, ...also] = rule.sources;
  const example = m.examples.get(rule);
  const a = example?.action;
  return (
    <section class="rule" id={`rule-${props.n}`} aria-labelledby={`rule-${props.n}-title`}>
      <h3 id={`rule-${props.n}-title`}>{fillWords(rule.title)}</h3>
      <Quote set={m.set.id} source={main!} describe={m.describe} />
      <dl class="summary">
        <dt>What starts the clock</dt>
        <dd>{starts(rule, m.checklist)}</dd>
        <dt>Timescale</dt>
        <dd>
          {rule.offsets.length > 1
            ? `${rule.offsets.map((o) => offsetWords(o)).join("; or ")} — the earlier is due`
            : offsetWords(rule.offsets[0]!, rule.earliest)}
        </dd>
        <dt>Who</dt>
        <dd>{rule.owner}</dd>
        <dt>When it applies</dt>
        <dd>{applies(rule, m.checklist).join("; ")}</dd>
        <dt>What completes it</dt>
        <dd>{rule.satisfiedBy ? doneWords(rule.satisfiedBy) : "marking it done on the case"}</dd>
        <dt>Duty</dt>
        <dd>{dutyLabel(rule.duty)}</dd>
        {rule.note ? (
          <>
            <dt>Pathway’s reading</dt>
            <dd>{fillWords(rule.note)}</dd>
          </>
        ) : null}
      </dl>
      {also.length ? (
        <details>
          <summary>
            Also quoted ({also.length}) <span class="visually-hidden">for {fillWords(rule.title)}</span>
          </summary>
          {also.map((s) => (
            <Quote set={m.set.id} source={s} describe={m.describe} />
          ))}
        </details>
      ) : null}
      <div class="rule-example">
        <h4>Worked example</h4>
        {a ? (
          <>
            <p>Worked out today for a case with:</p>
            <ul>
              {example!.story.map((s) => (
                <li>{s}</li>
              ))}
            </ul>
            <p>
              <strong>
                {a.due
                  ? `Due ${formatLong(a.due)}${a.dueTime ? ` at ${a.dueTime}` : ""}${a.actBy ? ` (act by ${formatLong(a.actBy)})` : ""}`
                  : a.status === "waiting"
                    ? "Waiting"
                    : "Open now, with no date yet"}
              </strong>
              . {a.basis.charAt(0).toUpperCase() + a.basis.slice(1)}
            </p>
          </>
        ) : (
          <p class="meta">No example could be made for this rule from what starts its clock.</p>
        )}
      </div>
    </section>
  );
}

function Readings(props: { m: RulesPageModel }) {
  const { m } = props;
  const r = m.checklist.readings;
  const items: { name: string; says: string; source: Source }[] = [];
  if (r.plan)
    items.push({
      name: "Who is on a child protection plan",
      says: `A plan starts with ${r.plan.starts.map((x) => eventName(x.event) + filterWords(x.where)).join(" or ")}${r.plan.ends.length ? `; it ends with ${r.plan.ends.map((x) => eventName(x.event) + filterWords(x.where)).join(" or ")}` : ""}${r.plan.pending.length ? `; after ${r.plan.pending.map((x) => eventName(x.event) + filterWords(x.where)).join(" or ")} the decision is still to come` : ""}.`,
      source: r.plan.source,
    });
  for (const c of r.countsAs)
    items.push({
      name: "What an outcome counts as",
      says: `${eventName(c.event)} where ${flagLabel(c.flag).replace(/^The /, "the ").toLowerCase()} counts as “${outcomeLabel(c.outcome).toLowerCase()}”.`,
      source: c.source,
    });
  if (r.age)
    items.push({
      name: "“Over the age of N”",
      says: r.age.inclusive
        ? "A child aged N or over, on the date the action is due, is “over the age of N”."
        : "A child older than N (N + 1 or over), on the date the action is due, is “over the age of N”.",
      source: r.age.source,
    });
  if (r.baby) items.push({ name: "Babies", says: `A baby is a child under ${r.baby.under}.`, source: r.baby.source });
  if (!items.length) return null;
  return (
    <>
      <h2 id="readings">What the words mean</h2>
      <p>How Pathway reads this procedure’s words, each with the sentence it reads.</p>
      {items.map((i) => (
        <section class="rule">
          <h3>{i.name}</h3>
          <p>{i.says}</p>
          <Quote set={m.set.id} source={i.source} describe={m.describe} />
        </section>
      ))}
    </>
  );
}

export function RulesPage(props: { m: RulesPageModel }) {
  const { m } = props;
  const rules = m.checklist.rules;
  const silent = Object.values(m.checklist.silent);
  return (
    <>
      <span class="caption">Rules and timescales</span>
      <h1>{m.set.name}</h1>
      <p class="lead">
        Every timescale in this procedure, in the order of the document: the sentence it comes from, what starts the
        clock, the timescale and who does it — and a worked example, worked out today ({formatLong(m.today)}) by the
        same rules the checklists use.
      </p>
      {m.documents.map((d) => (
        <p class="meta">
          {d.title}, {d.versionLabel}. The rules are kept in <code>{d.file}</code>
          {d.inherited ? " (this version has no rules file of its own and uses an earlier version’s)" : ""}.
        </p>
      ))}
      {m.versions.length > 1 ? (
        <nav aria-labelledby="rule-versions">
          <h2 id="rule-versions" class="visually-hidden">
            Versions
          </h2>
          <p>
            Rules of other versions:{" "}
            {m.versions.map((v, i) => (
              <>
                {i ? ", " : ""}
                {v.current ? <strong>{v.label} (shown)</strong> : <a href={v.url}>{v.label}</a>}
              </>
            ))}
          </p>
        </nav>
      ) : null}
      <nav aria-labelledby="rules-contents" class="toc">
        <h2 id="rules-contents">Contents</h2>
        <ol>
          {rules.map((r, i) => (
            <li>
              <a href={`#rule-${i + 1}`}>{fillWords(r.title)}</a>
            </li>
          ))}
        </ol>
      </nav>
      <Readings m={m} />
      <h2 id="rules">Rules ({rules.length})</h2>
      {rules.map((r, i) => (
        <RuleEntry rule={r} m={m} n={i + 1} />
      ))}
      {m.checklist.skipped.length || silent.length ? <h2 id="not-rules">What is not a rule</h2> : null}
      {m.checklist.skipped.length ? (
        <>
          <h3>Timescales in the text that are not rules</h3>
          {m.checklist.skipped.map((s) => (
            <div class="rule">
              <Quote set={m.set.id} source={s} describe={m.describe} />
              <p>Why not: {s.why}</p>
            </div>
          ))}
        </>
      ) : null}
      {silent.length ? (
        <>
          <h3>What this procedure does not say</h3>
          <ul>
            {silent.map((s) => (
              <li>{s}</li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

export function RulesIndex(props: { sets: { set: ProcedureSet; rules: number }[] }) {
  return (
    <>
      <h1>Rules and timescales</h1>
      <p class="lead">
        Each procedure set’s timescales as rules: the sentence each comes from, what starts the clock, the timescale and
        who does it, with a worked example.
      </p>
      <ul>
        {props.sets.map(({ set, rules }) => (
          <li>
            <a href={`/rules/${set.id}`}>{set.name}</a> <span class="meta">({rules} rules)</span>
          </li>
        ))}
      </ul>
    </>
  );
}

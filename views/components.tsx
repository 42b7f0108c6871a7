/** GOV.UK Design System form patterns: label, hint, error message next to the field, error summary. */
import type { Child } from "hono/jsx";

export interface FieldError {
  field: string;
  message: string;
}

const errorFor = (errors: FieldError[] | undefined, id: string) => errors?.find((e) => e.field === id)?.message;

export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

export function TextField(props: {
  id: string;
  name?: string;
  label: Child;
  hint?: Child;
  value?: string;
  errors?: FieldError[];
  width?: "2" | "5" | "10" | "20" | "full";
  autocomplete?: string;
  inputmode?: "numeric" | "text";
  type?: string;
  pattern?: string;
}) {
  const error = errorFor(props.errors, props.id);
  const describedBy =
    [props.hint ? `${props.id}-hint` : "", error ? `${props.id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div class={`form-group${error ? " has-error" : ""}`}>
      <label for={props.id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {error ? (
        <p class="error-message" id={`${props.id}-error`}>
          <span class="visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      <input
        class={`input-w${props.width ?? "full"}`}
        type={props.type ?? "text"}
        id={props.id}
        name={props.name ?? props.id}
        value={props.value ?? ""}
        aria-describedby={describedBy}
        aria-invalid={error ? "true" : undefined}
        autocomplete={props.autocomplete ?? "off"}
        inputmode={props.inputmode}
        spellcheck={false}
      />
    </div>
  );
}

export function Radios(props: {
  name: string;
  legend: Child;
  hint?: Child;
  options: { value: string; label: Child; hint?: string }[];
  value?: string;
  errors?: FieldError[];
  inline?: boolean;
  legendClass?: string;
}) {
  const firstId = `${props.name}-${props.options[0]?.value ?? ""}`;
  const error = errorFor(props.errors, firstId);
  return (
    <div class={`form-group${error ? " has-error" : ""}`}>
      <fieldset
        aria-describedby={
          [props.hint ? `${props.name}-hint` : "", error ? `${props.name}-error` : ""].filter(Boolean).join(" ") ||
          undefined
        }
      >
        <legend class={props.legendClass}>{props.legend}</legend>
        {props.hint ? (
          <p class="hint" id={`${props.name}-hint`}>
            {props.hint}
          </p>
        ) : null}
        {error ? (
          <p class="error-message" id={`${props.name}-error`}>
            <span class="visually-hidden">Error:</span> {error}
          </p>
        ) : null}
        <div class={`radios${props.inline ? " inline" : ""}`}>
          {props.options.map((o) => (
            <div class="radio">
              <input
                type="radio"
                id={`${props.name}-${o.value}`}
                name={props.name}
                value={o.value}
                checked={props.value === o.value}
              />
              <label for={`${props.name}-${o.value}`}>
                {o.label}
                {o.hint ? <span class="hint"> {o.hint}</span> : null}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

export function Checkbox(props: { id: string; name?: string; label: Child; checked?: boolean; value?: string }) {
  return (
    <div class="checkbox">
      <input
        type="checkbox"
        id={props.id}
        name={props.name ?? props.id}
        value={props.value ?? "yes"}
        checked={props.checked}
      />
      <label for={props.id}>{props.label}</label>
    </div>
  );
}

export function ErrorPage(props: { heading: string; message: string }) {
  return (
    <div id="error-page">
      <h1>{props.heading}</h1>
      <p>{props.message}</p>
      <p>
        <a href="/guidance">Browse the guidance</a> or <a href="/search">search it</a>.
      </p>
    </div>
  );
}

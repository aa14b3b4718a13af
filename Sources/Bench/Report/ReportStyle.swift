/// The report's inline style sheet: a centred column with a sticky table of contents on wide
/// screens (above the content on narrow ones), white section cards, compact tables with
/// tabular figures, charts that shrink to fit.
enum ReportStyle {
    static let css = """
    :root { --ink: #1f2328; --muted: #5f6670; --line: #dde1e6; --panel: #ffffff; --page: #f4f6f8; --accent: #0b5cad; }
    * { box-sizing: border-box; }
    body { margin: 0; background: var(--page); color: var(--ink);
      font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Roboto, sans-serif; }
    header.top { background: #17324d; color: #fff; }
    header.top .wrap { max-width: 1320px; margin: 0 auto; padding: 22px 28px 18px; }
    header.top h1 { margin: 0 0 4px; font-size: 26px; font-weight: 650; letter-spacing: -0.01em; }
    header.top p { margin: 0; color: #c9d6e3; font-size: 14px; }
    .layout { max-width: 1320px; margin: 0 auto; padding: 24px 28px 48px; display: grid;
      grid-template-columns: 190px minmax(0, 1fr); gap: 24px; }
    nav.toc { position: sticky; top: 16px; align-self: start; max-height: calc(100vh - 32px); overflow-y: auto;
      background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; font-size: 14px; }
    nav.toc strong { display: block; margin-bottom: 6px; font-size: 12px; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); }
    nav.toc ol { list-style: none; margin: 0; padding: 0; }
    nav.toc li { margin: 2px 0; }
    nav.toc li li { margin-left: 12px; font-size: 13px; }
    nav.toc a { color: var(--ink); text-decoration: none; display: block; padding: 2px 6px; border-radius: 5px; }
    nav.toc a:hover { background: #eaf1f8; color: var(--accent); }
    main { min-width: 0; }
    section { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 20px 22px 24px;
      margin-bottom: 22px; scroll-margin-top: 16px; }
    h2 { margin: 0 0 12px; font-size: 21px; font-weight: 650; }
    h3 { margin: 22px 0 10px; font-size: 17px; font-weight: 620; }
    h4 { margin: 16px 0 8px; font-size: 15px; font-weight: 600; color: #333; }
    p.note { color: var(--muted); font-size: 14px; margin: 4px 0 12px; }
    dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 6px 18px; margin: 0 0 14px; }
    dl.facts dt { color: var(--muted); }
    dl.facts dd { margin: 0; }
    .chip { display: inline-flex; align-items: center; gap: 6px; margin: 0 12px 4px 0; white-space: nowrap; }
    .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; vertical-align: -1px; }
    pre { background: #f6f8fa; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; overflow-x: auto;
      font: 13px/1.45 ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, monospace; margin: 8px 0 0; }
    details > summary { cursor: pointer; color: var(--accent); font-weight: 550; }
    .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 16px; }
    .card { border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; }
    .card h3 { margin: 0 0 4px; }
    .card details { margin-top: 10px; }
    .table-scroll { overflow-x: auto; margin: 6px 0 4px; }
    table { border-collapse: collapse; font-size: 13.5px; font-variant-numeric: tabular-nums; }
    th, td { padding: 6px 8px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
    th { background: #f0f3f6; font-weight: 600; font-size: 13px; border-bottom: 2px solid #c8ced6; white-space: normal; vertical-align: bottom;
      line-height: 1.25; }
    th.text, td.text { text-align: left; }
    .sd { display: block; color: var(--muted); font-size: 12px; font-weight: 400; line-height: 1.15; }
    td.best .sd { font-weight: 600; }
    th:first-child, td:first-child { text-align: left; }
    tbody tr:hover td { background: #f8fafc; }
    td.best { font-weight: 700; }
    caption { caption-side: bottom; text-align: left; color: var(--muted); font-size: 13px; padding-top: 6px; }
    .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 14px 20px; align-items: start; }
    .charts.wide { grid-template-columns: minmax(0, 1fr); }
    figure { margin: 0; }
    svg { max-width: 100%; height: auto; display: block; }
    .legend { margin: 4px 0 8px; font-size: 14px; }
    .traversal { margin: 10px 0 24px; }
    .traversal table { border-collapse: separate; border-spacing: 0; }
    .traversal td, .traversal th { border: 0; padding: 3px 10px 3px 0; vertical-align: middle; background: none; }
    .traversal th { font-weight: 500; color: var(--muted); font-size: 12px; }
    .traversal .steps { display: grid; font-size: 12px; color: var(--muted); text-align: center; }
    .traversal img { display: block; image-rendering: pixelated; border-radius: 2px; }
    .traversal audio { width: 250px; height: 34px; }
    .latent { font-weight: 600; font-size: 13px; }
    .about { font-weight: 400; font-size: 13px; color: var(--muted); margin-left: 6px; }
    footer { text-align: center; color: var(--muted); font-size: 13px; padding: 0 0 28px; }
    @media (max-width: 960px) {
      .layout { grid-template-columns: minmax(0, 1fr); }
      nav.toc { position: static; max-height: none; }
    }
    """
}

package dev.domainsync.statemachine.report;

/** The page's one inline style sheet: the console's neutral palette, system fonts, no external resource. */
final class ReportStyle {

    private ReportStyle() {
    }

    static final String CSS = """
            :root{--ink:#16191f;--muted:#5f6b7a;--line:#e9ebed;--bg:#f2f3f3;--ok:#037f0c;--ok-bg:#e9f5ea;\
            --bad:#d91515;--bad-bg:#fdeeee;--caught:#ec7211;--caught-bg:#fef3e6;--run:#0972d3;--run-bg:#e8f2fc;\
            --gone:#5f6b7a;--gone-bg:#eceff1;--idle:#b6bec9;--amber:#f5c400}
            *{box-sizing:border-box}
            body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 -apple-system,BlinkMacSystemFont,\
            "Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
            .topbar{background:#232f3e;color:#d5dbdb;padding:9px 28px;font-size:13px;display:flex;gap:14px;\
            align-items:center}
            .topbar .brand{color:#fff;font-weight:700;letter-spacing:.2px}
            main{max-width:1280px;margin:0 auto;padding:22px 28px 40px}
            h1{font-size:24px;line-height:1.25;margin:0;font-weight:700;word-break:break-all}
            h2{font-size:17px;margin:0;padding:13px 20px;border-bottom:1px solid var(--line);font-weight:700}
            h3{font-size:13px;text-transform:uppercase;letter-spacing:.4px;color:var(--muted);margin:18px 0 8px}
            .panel-body>h3:first-child,.panel-body>p:first-child+h3{margin-top:4px}
            .head{margin:0 0 16px}
            .title-row{display:flex;align-items:center;gap:14px;flex-wrap:wrap}
            .arn{color:var(--muted);font-size:12.5px;margin-top:4px;word-break:break-all}
            .panel{background:#fff;border-radius:10px;box-shadow:0 1px 1px rgba(0,28,36,.3),1px 1px 1px \
            rgba(0,28,36,.15),-1px 1px 1px rgba(0,28,36,.15);margin:0 0 20px;overflow:hidden}
            .panel-body{padding:14px 20px 18px}
            .columns{display:grid;grid-template-columns:minmax(0,auto) minmax(340px,1fr);gap:20px;align-items:start;\
            margin-bottom:20px}
            .columns>.panel{margin:0}
            .mono,code,pre{font-family:SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace}
            .mono{font-size:12.5px}
            code{font-size:12.5px;background:#f4f4f4;padding:1px 5px;border-radius:4px}
            pre{font-size:12px;background:#fafafa;border:1px solid var(--line);border-radius:6px;padding:10px 12px;\
            margin:0;overflow:auto;max-height:320px;white-space:pre-wrap;word-break:break-all}
            .muted{color:var(--muted)} .small{font-size:12px}
            .hint{color:var(--muted);font-size:12.5px;margin:0 0 10px}
            .tiles+.hint{margin-top:10px}
            .nowrap{white-space:nowrap}
            .note{background:#f4f8fd;border:1px solid #c6dcf5;border-radius:6px;padding:8px 12px;font-size:13px;\
            margin:10px 0 0}
            .warn{background:#fff8e1;border:1px solid #f2d47c;border-radius:6px;padding:8px 12px;font-size:13px}
            .status{display:inline-flex;align-items:center;gap:6px;font-weight:700;font-size:14px}
            .status::before{content:"";width:10px;height:10px;border-radius:50%;background:currentColor}
            .s-succeeded{color:var(--ok)} .s-failed,.s-timed-out{color:var(--bad)} .s-running{color:var(--run)}
            .s-aborted{color:var(--gone)}
            .tag{font-size:12px;font-weight:700;padding:2px 8px;border-radius:10px}
            .tag.dry{background:#e8f2fc;color:#0b4e9c;border:1px solid #9fc7f2}
            .alert{border-radius:8px;padding:14px 18px;margin:0 0 16px;border:1px solid;border-left-width:5px}
            .alert.failure{background:var(--bad-bg);border-color:#f4b3b3;border-left-color:var(--bad)}
            .alert.dry{background:#e8f2fc;border-color:#9fc7f2;border-left-color:var(--run)}
            .alert-title{font-weight:700;font-size:16px;margin-bottom:4px}
            .alert.failure .alert-title{color:#a80f0f}
            .alert .cause{font-size:14px;white-space:pre-wrap;word-break:break-word}
            .alert .where{margin-top:8px;font-size:13px}
            .alert details{margin-top:8px;font-size:13px} .alert pre{background:#fff;margin-top:6px}
            .kv{display:grid;grid-template-columns:repeat(5,minmax(0,1fr));gap:12px 22px;margin:0 0 6px}
            .kv dt{color:var(--muted);font-size:12px;margin-bottom:2px} .kv dd{margin:0;font-weight:600}
            .graph-wrap{overflow-x:auto}
            svg text{font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
            svg.graph{display:block;max-width:100%;height:auto;margin:0 auto}
            .graph .edge{fill:none;stroke:#c3cad3;stroke-width:1.4}
            .graph .edge.taken{stroke:#414d5c;stroke-width:1.8}
            .graph .edge.dashed{stroke-dasharray:5 4}
            .graph .edge.caught{stroke:var(--caught);stroke-width:2.2;stroke-dasharray:6 4}
            .graph .edge-mask{fill:none;stroke:#fff;stroke-width:5}
            .graph marker .arrow{fill:#c3cad3} .graph marker .arrow-taken{fill:#414d5c}
            .graph marker .arrow-caught{fill:var(--caught)}
            .graph .edge-label{font-size:11px;fill:var(--muted)}
            .graph .node > rect{stroke-width:1.6}
            .graph .o-succeeded > rect{fill:var(--ok-bg);stroke:var(--ok)}
            .graph .o-failed > rect{fill:var(--bad-bg);stroke:var(--bad)}
            .graph .o-caught > rect{fill:var(--caught-bg);stroke:var(--caught)}
            .graph .o-in-progress > rect{fill:var(--run-bg);stroke:var(--run)}
            .graph .o-aborted > rect{fill:var(--gone-bg);stroke:var(--gone)}
            .graph .o-not-visited > rect{fill:#fafbfc;stroke:var(--idle);stroke-dasharray:4 3}
            .graph .map > rect.map-box{fill:#fcfcfd;stroke-width:1.6}
            .graph .node-name{font-size:13px;font-weight:700;fill:var(--ink)}
            .graph .node-type{font-size:11px;fill:var(--muted)}
            .graph .map .node-type{text-anchor:end}
            .graph .o-not-visited > .node-name{fill:#8d99a8}
            .graph .node-count{font-size:12px;font-weight:700;fill:#414d5c}
            .graph .retry-badge rect{fill:var(--amber);stroke:#c49b00}
            .graph .retry-badge text{font-size:11px;font-weight:700;fill:#3d2f00}
            .graph .pill rect{fill:#414d5c} .graph .pill text{fill:#fff;font-size:11px;font-weight:700}
            .legend{display:flex;flex-wrap:wrap;align-items:center;gap:4px 0;font-size:12px;color:var(--muted);\
            margin-top:10px;border-top:1px solid var(--line);padding-top:10px}
            .legend .sw{display:inline-block;width:14px;height:14px;border-radius:3px;border:2px solid;\
            margin:0 5px 0 12px}
            .legend .sw:first-child{margin-left:0}
            .sw.o-succeeded{background:var(--ok-bg);border-color:var(--ok)}
            .sw.o-failed{background:var(--bad-bg);border-color:var(--bad)}
            .sw.o-caught{background:var(--caught-bg);border-color:var(--caught)}
            .sw.o-in-progress{background:var(--run-bg);border-color:var(--run)}
            .sw.o-aborted{background:var(--gone-bg);border-color:var(--gone)}
            .sw.o-not-visited{background:#fafbfc;border-color:var(--idle);border-style:dashed}
            .sw.bar-ok{background:#6bb471;border-color:#6bb471} .sw.bar-iteration{background:#9fd0a3;border-color:#9fd0a3}
            .sw.bar-failed{background:var(--bad);border-color:var(--bad)}
            .sw.bar-caught{background:var(--caught);border-color:var(--caught)}
            .sw.bar-wait{border-color:#d39e00;background:repeating-linear-gradient(45deg,#fff3c4 0 3px,#d39e00 3px 5px)}
            .badge-sample{background:var(--amber);color:#3d2f00;font-weight:700;border-radius:9px;padding:0 7px;\
            margin:0 5px 0 12px;font-size:11px}
            .line-sample{display:inline-block;width:26px;border-top:2px dashed var(--idle);margin:0 5px 0 12px}
            .status-line{font-size:13px;color:var(--muted)}
            .tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(104px,1fr));gap:8px}
            .tile{border:1px solid var(--line);border-radius:8px;padding:8px 10px;background:#fcfcfd}
            .tile .n{font-size:20px;font-weight:700;line-height:1.2}
            .tile .l{color:var(--muted);font-size:12px}
            .tile.zero .n{color:#8d99a8}
            table.data{border-collapse:collapse;width:100%;font-size:13px}
            table.data th{text-align:left;color:var(--muted);font-weight:700;font-size:12px;border-bottom:1px solid \
            #d5dbdb;padding:7px 10px;background:#fafafa;white-space:nowrap}
            table.data td{border-bottom:1px solid var(--line);padding:6px 10px;vertical-align:top}
            table.data .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            table.compact td,table.compact th{padding:5px 8px}
            .err{color:#b0120f;font-weight:600}
            .old{color:var(--muted);text-decoration:line-through;text-decoration-color:#b6bec9}
            .domain{font-weight:600}
            .stack-id{word-break:break-all}
            .action{font-size:11.5px;font-weight:700;padding:2px 8px;border-radius:10px;letter-spacing:.3px}
            .a-insert{background:var(--ok-bg);color:var(--ok)} .a-update{background:var(--run-bg);color:#0b4e9c}
            .a-delete{background:var(--bad-bg);color:#b0120f}
            .banner.dry{background:#e8f2fc;border:1px solid #9fc7f2;color:#0b4e9c;font-weight:700;padding:8px 12px;\
            border-radius:6px;margin-bottom:10px}
            svg.timeline{display:block;width:100%;height:auto}
            .timeline .stripe{fill:#f8f9fa}
            .timeline .grid{stroke:#e3e6e9;stroke-width:1}
            .timeline .tick{font-size:11px;fill:var(--muted)}
            .timeline .row-label{font-size:12px;font-weight:600;fill:var(--ink)}
            .timeline .row-label.inner{font-weight:400;fill:var(--muted)}
            .timeline .row-note{font-size:11.5px;fill:var(--muted)} .timeline .row-note.retried{fill:#8a5a00}
            .timeline .bar{rx:2}
            .timeline .o-succeeded{fill:#6bb471} .timeline .o-failed{fill:var(--bad)}
            .timeline .o-caught{fill:var(--caught)} .timeline .o-in-progress{fill:var(--run)}
            .timeline .o-aborted{fill:#a7b1bc}
            .timeline .bar.thin.o-succeeded{fill:#9fd0a3}
            .timeline .attempt-failed{fill:var(--bad)}
            .timeline .wait{fill:url(#wait-hatch);stroke:#d39e00;stroke-width:.8}
            .timeline .wait-bg{fill:#fff3c4} .timeline .wait-line{stroke:#d39e00;stroke-width:2.5}
            .timeline-wrap{overflow-x:auto}
            details.events>summary{cursor:pointer;color:var(--muted);font-size:13px;margin-bottom:8px}
            .events-table{font-size:12.5px}
            .events-table td.type{white-space:nowrap}
            .events-table td.detail{max-width:0;width:48%}
            .events-table .clip{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
            .events-table tr.ev-failed td.type{color:#b0120f;font-weight:700}
            .events-table tr.ev-execution td{background:#fbfbfc}
            .events-table tr.iteration-head td{background:#f2f4f6;font-weight:600;color:#414d5c}
            .events-table tr.member td:first-child{border-left:3px solid #d5dbdb}
            .events-table tr.cut td{background:#fff8e1;color:#6b4f00;text-align:center}
            .js .events-table tbody.iteration tr.iteration-head{cursor:pointer}
            .js .events-table tbody.iteration:not(.open) tr.member{display:none}
            .js .caret::before{content:"\\25B8";display:inline-block;width:14px;color:var(--muted)}
            .js tbody.open .caret::before{content:"\\25BE"}
            .js tr.summary-only .caret::before{content:"";}
            .o-text.o-succeeded{color:var(--ok)} .o-text.o-failed{color:var(--bad)} .o-text.o-aborted{color:var(--gone)}
            .o-text.o-in-progress{color:var(--run)}
            footer{color:var(--muted);font-size:12px;text-align:center;margin-top:8px}
            @media (max-width:1100px){.columns{grid-template-columns:minmax(0,1fr)}.kv{grid-template-columns:\
            repeat(2,minmax(0,1fr))}}
            """;
}

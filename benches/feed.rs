//! Batch-run benchmark: a synthetic feed of 500 articles over 20 hosts served on loopback, each
//! article citing a source page on its host. Runs the feed pipeline in-process (fetch, robots.txt,
//! politeness, extraction, alignment, results cache) and prints items/s, peak RSS, and the time of
//! a second run over the unchanged feed (the results cache) as a ratio.
//! `cargo bench --bench feed -- [ITEMS] [HOSTS] [INTERVAL_MS]` (defaults 500, 20, and the config's
//! per-host interval, 250 ms).

#[path = "util/mod.rs"]
mod util;

use std::sync::Arc;
use std::time::Instant;

use provcheck::config::Config;
use provcheck::feed::{self, Results};
use provcheck::fetch::{FetchOptions, Fetcher, ResolveRule};
use provcheck::sites::SiteServer;

/// A small deterministic generator (no dependency needed for reproducible synthetic text).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

const PEOPLE: [&str; 8] = [
    "Maria Lopez",
    "Tom Beckett",
    "Ines Halloran",
    "Adaeze Okafor",
    "Greta Lindqvist",
    "Callum Deverill",
    "Bethan Quill",
    "Alun Treharne",
];
const PLACES: [&str; 8] = [
    "Port Callowen",
    "Brackenford",
    "Tamsey",
    "Eastbrook",
    "Westmere",
    "Moorland",
    "Greenvale",
    "Delmont",
];
const THINGS: [&str; 8] = [
    "bridge",
    "library",
    "ferry service",
    "harbour wall",
    "school",
    "wind farm",
    "museum",
    "flood barrier",
];

fn source_and_article(g: &mut Lcg, host: &str, k: usize) -> (String, String) {
    let (p, pl, th) = (PEOPLE[g.next(8)], PLACES[g.next(8)], THINGS[g.next(8)]);
    let cost = 2 + g.next(40);
    let weeks = 3 + g.next(30);
    let sentences = [
        format!("{pl} council approved a budget of {cost} million pounds on Tuesday for the {th}."),
        format!("Work on the {th} is expected to take {weeks} weeks and will begin next month."),
        format!("Residents had campaigned for the repairs since the storm damaged the {th} last winter."),
        format!("The council leader, {p}, said the money would come from reserves and a government grant."),
        "Local businesses welcomed the decision but asked for the work to avoid the summer season.".to_string(),
        "A public meeting about the plans will be held at the town hall on the first Monday of the month.".to_string(),
    ];
    let quote = format!("We promised the people of {pl} that the {th} would be fixed, and we are keeping that promise");
    let mut body = String::new();
    for s in &sentences {
        body.push_str(&format!("<p>{s}</p>\n"));
    }
    let source = format!(
        "<!doctype html><!-- SYNTHETIC benchmark page --><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{th} budget approved | {host}</title></head>\n<body><nav><a href=\"/\">Home</a></nav><article><h1>{pl} approves {th} budget</h1>\n{body}<p>\u{201C}{quote},\u{201D} {p} said.</p></article><footer>Synthetic</footer></body></html>\n"
    );
    // The rewrite: some sentences verbatim, one number changed, the quote kept.
    let article = format!(
        "{}\n\n{}\n\n{} said: \u{201C}{quote}.\u{201D}\n\n{}\n\nOriginal Source: http://{host}/source/{k}.html\n",
        sentences[0].replace(&format!("{cost} million"), &format!("{} million", cost + 1)),
        sentences[1],
        p,
        sentences[4]
    );
    (source, article)
}

fn main() {
    let args: Vec<String> = util::args();
    let items: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(500);
    let hosts: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(20);
    let mut cfg = Config::default();
    if let Some(ms) = args.get(2).and_then(|a| a.parse().ok()) {
        cfg.fetch.per_host_min_interval_ms = ms;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let mut g = Lcg(42);
    let mut feed_items = String::new();
    for i in 0..items {
        let host = format!("news{:02}.example", i % hosts + 1);
        let k = i / hosts;
        let hdir = dir.path().join(&host);
        std::fs::create_dir_all(hdir.join("source")).unwrap();
        std::fs::create_dir_all(hdir.join("story")).unwrap();
        let (source, article) = source_and_article(&mut g, &host, k);
        std::fs::write(hdir.join(format!("source/{k}.html")), source).unwrap();
        std::fs::write(hdir.join(format!("story/{k}.txt")), article).unwrap();
        std::fs::write(
            hdir.join("robots.txt"),
            "User-agent: *\nDisallow: /private/\n",
        )
        .unwrap();
        feed_items.push_str(&format!(
            "<item><title>Story {i}</title><link>http://{host}/story/{k}.txt</link></item>\n"
        ));
    }
    std::fs::create_dir_all(dir.path().join("feed.example")).unwrap();
    std::fs::write(
        dir.path().join("feed.example/rss.xml"),
        format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>bench</title><link>http://feed.example/</link><description>synthetic</description>\n{feed_items}</channel></rss>\n"),
    )
    .unwrap();
    let server = SiteServer::start(dir.path()).expect("serve");
    let resolve: Vec<ResolveRule> = server.rules();
    let cache = tempfile::tempdir().expect("cache dir");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let jobs = 2 * std::thread::available_parallelism().map_or(2, |n| n.get()) * 4;
    let run = |label: &str| -> f64 {
        let fetcher = Arc::new(
            Fetcher::new(
                &cfg.fetch,
                &FetchOptions {
                    resolve: resolve.clone(),
                    offline: false,
                    cache_dir: Some(cache.path().join("http")),
                    cache_max_age_secs: cfg.cache.max_age_secs,
                },
            )
            .expect("fetcher"),
        );
        let results = Results::open(&cache.path().join("results"), &cfg).expect("results");
        let start = Instant::now();
        let list = rt
            .block_on(feed::list_items("http://feed.example/rss.xml", &fetcher))
            .expect("feed");
        let n = list.len();
        let (mut ok, mut failed, mut reused) = (0, 0, 0);
        rt.block_on(feed::run(
            list,
            jobs,
            fetcher,
            Arc::new(cfg.clone()),
            Some(results),
            |o| match o {
                feed::Outcome::Verified { cached, .. } => {
                    ok += 1;
                    reused += usize::from(cached);
                }
                feed::Outcome::Failed { item, reason } => {
                    failed += 1;
                    if failed <= 3 {
                        eprintln!("  failed {}: {reason}", item.id);
                    }
                }
            },
        ));
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{label}: {n} items over {hosts} hosts, {ok} verified ({reused} reused), {failed} failed, {secs:.2} s, {:.1} items/s, peak RSS {:.0} MB",
            n as f64 / secs,
            util::peak_rss_mb()
        );
        secs
    };
    println!(
        "feed benchmark: per-host interval {} ms, {} per host in flight, {jobs} items in flight",
        cfg.fetch.per_host_min_interval_ms, cfg.fetch.per_host_concurrency
    );
    let cold = run("first run ");
    let warm = run("re-run    ");
    println!("re-run over the unchanged feed: {:.1}x faster", cold / warm);
}

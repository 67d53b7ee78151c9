use provcheck::{align::SourceIndex, config::AlignConfig};
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let src = std::fs::read_to_string(&args[1]).unwrap();
    let cfg = AlignConfig::default();
    let idx = SourceIndex::new(&src, &cfg);
    let j = idx.judge_claim(&args[2], &cfg);
    println!("{:?}", j);
}

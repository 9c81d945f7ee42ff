fn main() {
    println!("tp");
}

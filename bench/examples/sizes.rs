fn main() {
    use archlint_core::*;
    println!(
        "Node {} Value {} Member {} Ref {} Addr {} Listener {}",
        std::mem::size_of::<model::Node>(),
        std::mem::size_of::<json::Value>(),
        std::mem::size_of::<json::Member>(),
        std::mem::size_of::<model::Ref>(),
        std::mem::size_of::<model::Addr>(),
        std::mem::size_of::<model::Listener>()
    );
}

//! Facts about ECS instances that both importers read the same way: the operating system from
//! an image id, vCPUs and memory from an instance type.

/// `windows` or `linux` when an image id names its system (`win2022_…`, `centos_7_9_…`,
/// `aliyun_3_x64_…`), else `None`: the image is unknown to archlint.
pub fn os_of_image(image: &str) -> Option<&'static str> {
    let i = image.to_ascii_lowercase();
    if i.contains("win") {
        Some("windows")
    } else if [
        "centos", "ubuntu", "debian", "alibase", "aliyun", "anolis", "rhel", "redhat", "suse",
        "rocky", "alma", "fedora", "opensuse", "alinux", "linux",
    ]
    .iter()
    .any(|d| i.contains(d))
    {
        Some("linux")
    } else {
        None
    }
}

/// vCPUs and memory (GiB) of an ECS instance type, from its size suffix (`ecs.g7.2xlarge` →
/// 8 vCPUs) and, for the general-purpose (`g`, 1:4), compute (`c`, 1:2) and memory (`r`, 1:8)
/// families, its memory ratio. Families whose ratio differs (`gn` GPU, `re` large memory, …)
/// get no memory.
pub fn instance_size(t: &str) -> Option<(f64, Option<f64>)> {
    let mut parts = t.split('.');
    if parts.next()? != "ecs" {
        return None;
    }
    let family = parts.next()?;
    let size = parts.next()?;
    let cpu = match size {
        "small" => 1.0,
        "large" => 2.0,
        "xlarge" => 4.0,
        s => {
            let n: f64 = s.strip_suffix("xlarge")?.parse().ok()?;
            n * 4.0
        }
    };
    // The family's letters before its generation number: `g7` → `g`, `gn7i` → `gn`.
    let letters: String = family
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let ratio = match letters.as_str() {
        "g" => Some(4.0),
        "c" => Some(2.0),
        "r" => Some(8.0),
        _ => None,
    };
    Some((cpu, ratio.map(|r| r * cpu)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_systems() {
        assert_eq!(instance_size("ecs.g7.2xlarge"), Some((8.0, Some(32.0))));
        assert_eq!(instance_size("ecs.c6.large"), Some((2.0, Some(4.0))));
        assert_eq!(instance_size("ecs.gn7i-c8g1.2xlarge"), Some((8.0, None)));
        assert_eq!(instance_size("ecs.re6.large"), Some((2.0, None)));
        assert_eq!(instance_size("ecs.t5-lc1m1.small"), Some((1.0, None)));
        assert_eq!(instance_size("mysql.n2.small.1"), None);
        assert_eq!(
            os_of_image("win2022_21H2_x64_dtc_en-us_40G_alibase"),
            Some("windows")
        );
        assert_eq!(
            os_of_image("aliyun_3_x64_20G_alibase_20240819.vhd"),
            Some("linux")
        );
        assert_eq!(os_of_image("m-bp1abcdef"), None);
    }
}

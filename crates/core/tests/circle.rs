//! The closeness circle on a real SQLCipher vault: snapshots kept over time (oldest first), the
//! first and latest compared, an unknown or twice-placed person refused with nothing stored, a
//! deleted person leaving no placement behind, and 200 snapshots of 500 people read quickly.

mod common;

use std::time::Instant;

use chrono::{DateTime, Duration, Utc};
use common::*;
use ipt_core::ErrorCode;
use ipt_core::domain::circle::{CircleInput, Move, Placement, Ring};
use ipt_core::service::circle;
use ipt_core::service::vault::VaultService;

async fn vault(dir: &std::path::Path) -> VaultService {
    let (svc, _) = memory_service(dir);
    svc.create(create_req(false)).await.expect("create");
    svc
}

/// Adds people straight to the list (the people feature's forms are not what is tested here).
async fn add_people(svc: &VaultService, names: &[String]) -> Vec<i64> {
    let pool = svc.write_pool().await.expect("unlocked");
    let mut ids = Vec::new();
    for n in names {
        ids.push(
            sqlx::query_scalar(
                "INSERT INTO people (display_name, created_at) VALUES (?, '2026-11-01T00:00:00Z') RETURNING id",
            )
            .bind(n)
            .fetch_one(&pool)
            .await
            .expect("person"),
        );
    }
    ids
}

fn names(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("P{i}")).collect()
}

fn at(day: i64) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-02T09:00:00Z")
        .expect("t")
        .with_timezone(&Utc)
        + Duration::days(day)
}

fn input(placements: &[(i64, Ring)]) -> CircleInput {
    CircleInput {
        placements: placements
            .iter()
            .map(|&(person_id, ring)| Placement { person_id, ring })
            .collect(),
    }
}

#[tokio::test]
async fn snapshots_are_kept_over_time_and_the_first_and_latest_compared() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault(dir.path()).await;
    let cmp = circle::compare(&svc).await.expect("compare");
    assert!(cmp.first.is_none() && cmp.latest.is_none());
    assert!(circle::current(&svc).await.expect("current").is_none());

    let ids = add_people(&svc, &names(4)).await;
    let (a, b, c, d) = (ids[0], ids[1], ids[2], ids[3]);
    let first = circle::save(
        &svc,
        input(&[(a, Ring::FurtherOut), (b, Ring::Closest), (c, Ring::Close)]),
        at(0),
    )
    .await
    .expect("first");
    // One snapshot: first and latest are the same, nothing changed.
    let cmp = circle::compare(&svc).await.expect("compare");
    assert_eq!(cmp.first, cmp.latest);
    assert!(cmp.changes.moved_in.is_empty() && cmp.changes.appeared.is_empty());

    circle::save(&svc, input(&[(a, Ring::Close), (b, Ring::Closest)]), at(7))
        .await
        .expect("second");
    let latest = circle::save(
        &svc,
        input(&[(a, Ring::Closest), (b, Ring::Close), (d, Ring::FurtherOut)]),
        at(14),
    )
    .await
    .expect("third");

    let all = circle::snapshots(&svc).await.expect("list");
    assert_eq!(all.len(), 3);
    assert_eq!(all[0], first, "oldest first");
    assert_eq!(all[2], latest, "the newest last");
    assert!(all[0].taken_at < all[1].taken_at && all[1].taken_at < all[2].taken_at);
    // Each save is its own snapshot: the first still shows the old placement.
    assert_eq!(
        circle::snapshot(&svc, first.id)
            .await
            .expect("get")
            .placements,
        vec![
            Placement {
                person_id: a,
                ring: Ring::FurtherOut
            },
            Placement {
                person_id: b,
                ring: Ring::Closest
            },
            Placement {
                person_id: c,
                ring: Ring::Close
            },
        ]
    );
    assert_eq!(circle::current(&svc).await.expect("current"), Some(latest));
    assert_eq!(
        circle::snapshot(&svc, 9999)
            .await
            .expect_err("refused")
            .code(),
        ErrorCode::NotFound
    );

    let cmp = circle::compare(&svc).await.expect("compare");
    assert_eq!(cmp.first.as_ref().map(|s| s.id), Some(first.id));
    assert_eq!(
        cmp.changes.moved_in,
        vec![Move {
            person_id: a,
            from: Ring::FurtherOut,
            to: Ring::Closest
        }]
    );
    assert_eq!(
        cmp.changes.moved_out,
        vec![Move {
            person_id: b,
            from: Ring::Closest,
            to: Ring::Close
        }]
    );
    assert_eq!(
        cmp.changes.appeared,
        vec![Placement {
            person_id: d,
            ring: Ring::FurtherOut
        }]
    );
    assert_eq!(
        cmp.changes.left,
        vec![Placement {
            person_id: c,
            ring: Ring::Close
        }]
    );

    // Kept across lock and unlock.
    svc.lock().await;
    svc.unlock_with_passphrase(PASS.into())
        .await
        .expect("unlock");
    assert_eq!(circle::snapshots(&svc).await.expect("list").len(), 3);
}

#[tokio::test]
async fn an_unknown_or_twice_placed_person_is_refused_and_nothing_is_stored() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault(dir.path()).await;
    let ids = add_people(&svc, &names(2)).await;
    let e = circle::save(
        &svc,
        input(&[(ids[0], Ring::Close), (4242, Ring::Close)]),
        at(0),
    )
    .await
    .expect_err("refused");
    assert_eq!(e.code(), ErrorCode::NotFound);
    let e = circle::save(
        &svc,
        input(&[(ids[0], Ring::Close), (ids[0], Ring::Closest)]),
        at(0),
    )
    .await
    .expect_err("refused");
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert!(circle::snapshots(&svc).await.expect("list").is_empty());
    // An empty circle (everyone unplaced) is a circle too.
    let empty = circle::save(&svc, input(&[]), at(1)).await.expect("empty");
    assert!(empty.placements.is_empty());
}

#[tokio::test]
async fn a_deleted_person_leaves_no_placement_behind() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault(dir.path()).await;
    let ids = add_people(&svc, &names(2)).await;
    circle::save(
        &svc,
        input(&[(ids[0], Ring::Close), (ids[1], Ring::Closest)]),
        at(0),
    )
    .await
    .expect("save");
    circle::save(&svc, input(&[(ids[0], Ring::Closest)]), at(1))
        .await
        .expect("save");
    let pool = svc.write_pool().await.expect("unlocked");
    sqlx::query("DELETE FROM people WHERE id = ?")
        .bind(ids[0])
        .execute(&pool)
        .await
        .expect("delete");
    let all = circle::snapshots(&svc).await.expect("list");
    assert_eq!(all.len(), 2, "the snapshots stay");
    assert_eq!(
        all[0].placements,
        vec![Placement {
            person_id: ids[1],
            ring: Ring::Closest
        }]
    );
    assert!(all[1].placements.is_empty());
    let dangling: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM circle_placements WHERE person_id NOT IN (SELECT id FROM people)",
    )
    .fetch_one(&pool)
    .await
    .expect("count");
    assert_eq!(dangling, 0);
    let cmp = circle::compare(&svc).await.expect("compare");
    assert_eq!(
        cmp.changes.left,
        vec![Placement {
            person_id: ids[1],
            ring: Ring::Closest
        }]
    );
}

#[tokio::test]
async fn a_merge_moves_placements_to_the_person_kept() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault(dir.path()).await;
    let ids = add_people(&svc, &names(2)).await;
    let (from, into) = (ids[0], ids[1]);
    circle::save(&svc, input(&[(from, Ring::Close)]), at(0))
        .await
        .expect("save");
    circle::save(
        &svc,
        input(&[(from, Ring::Closest), (into, Ring::FurtherOut)]),
        at(1),
    )
    .await
    .expect("save");
    let pool = svc.write_pool().await.expect("unlocked");
    let mut tx = ipt_core::storage::begin(&pool).await.expect("tx");
    ipt_core::storage::circle::reassign_person(&mut tx, from, into)
        .await
        .expect("merge");
    ipt_core::storage::commit(tx).await.expect("commit");
    let all = circle::snapshots(&svc).await.expect("list");
    assert_eq!(
        all[0].placements,
        vec![Placement {
            person_id: into,
            ring: Ring::Close
        }],
        "the kept person takes the merged one's place"
    );
    assert_eq!(
        all[1].placements,
        vec![Placement {
            person_id: into,
            ring: Ring::FurtherOut
        }],
        "where both were placed, the kept person's own place stays"
    );
}

#[tokio::test]
async fn two_hundred_snapshots_of_five_hundred_people_stay_fast() {
    let dir = tempfile::tempdir().expect("tmp");
    let svc = vault(dir.path()).await;
    let ids = add_people(&svc, &names(500)).await;
    let built = Instant::now();
    for s in 0..200_i64 {
        let placements: Vec<(i64, Ring)> = ids
            .iter()
            .enumerate()
            .map(|(i, &id)| (id, Ring::ALL[(i + s as usize) % 3]))
            .collect();
        circle::save(&svc, input(&placements), at(s))
            .await
            .expect("save");
    }
    let built = built.elapsed();
    let t = Instant::now();
    let all = circle::snapshots(&svc).await.expect("list");
    let listed = t.elapsed();
    let t = Instant::now();
    let cmp = circle::compare(&svc).await.expect("compare");
    let compared = t.elapsed();
    assert_eq!(all.len(), 200);
    assert!(all.iter().all(|s| s.placements.len() == 500));
    assert_eq!(
        cmp.changes.moved_in.len() + cmp.changes.moved_out.len(),
        500,
        "199 steps round the rings: everyone is in another ring"
    );
    eprintln!(
        "circle: 200 snapshots x 500 people: saved in {built:?}, listed in {listed:?}, first vs latest in {compared:?}"
    );
}

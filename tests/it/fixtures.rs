//! One test per golden fixture case (see `harness`).

use crate::harness;

macro_rules! fixtures {
    ($($area:ident { $($case:ident),* $(,)? })*) => {
        $(mod $area {
            $(#[test]
            fn $case() {
                crate::harness::check_case(stringify!($area), stringify!($case));
            })*
        })*

        /// Every case folder on disk has a test above.
        #[test]
        fn every_fixture_is_listed() {
            let listed: Vec<String> = vec![$($(format!("{}/{}", stringify!($area), stringify!($case)),)*)*];
            for area in std::fs::read_dir(harness::fixtures_dir()).unwrap().flatten() {
                let area_name = area.file_name().to_string_lossy().into_owned();
                if area_name == "theme" || !area.path().is_dir() {
                    continue;
                }
                for case in harness::cases(&area_name) {
                    let name = format!("{area_name}/{case}");
                    assert!(listed.contains(&name), "fixture {name} has no test: add it to tests/it/fixtures.rs");
                }
            }
        }
    };
}

fixtures! {
    discovery { summary_groups_nesting, no_summary, gitbook_yaml_root, orphans_and_missing }
    links { folder_links_and_anchors, assets_with_spaces, suggestions }
    frontmatter { front_matter, broken_yaml }
    config { unknown_key, bad_values, plain_gitbook_repo, content_and_brand, brand_fonts, bad_font, people_mistakes, deploy_servers, deploy_bad_server, embed_bad_hosts, embed_bad_hosts_flow }
    themes { override_templates, not_found_page, not_found_page_base_url }
    kit_features { faq, roles_shared, roles_hospital, downloads, downloads_off, embed_views, embed_base_url }
    search { english, dutch }
    spaces { languages, site_config, folders, bad_site_config, stale_translation, sitemap, bad_translation_of, embeds }
    check { every_problem }
    layouts { monorepo_readme, outside_space, readme_missing, summary_missing }
    pdf { blocks }
    governance { states, dutch_hide, bad_input, bad_config, expired_error, overlay }
    overlay { operations, bad_config, bad_operations, upstream_missing, upstream_not_a_kit, upstream_is_self, upstream_contains_kit }
    gitbook {
        anchors,
        asset_paths_with_spaces,
        broken_references,
        card_tables,
        code,
        mermaid_real,
        icons,
        site_title,
        prompts_and_figures,
        code_highlighting,
        child_lists,
        real_repo_quirks,
        content_refs,
        embeds,
        embed_providers,
        integrations,
        embeds_iframe,
        expandables,
        faq_markdown_question,
        file_missing,
        files,
        front_matter_layout,
        hints,
        html_tables,
        include_cycle,
        includes,
        lost_links,
        inline_html,
        math_and_footnotes,
        openapi_local,
        openapi_remote,
        stepper_and_columns,
        summary_quirks,
        tabs,
        unclosed_summary,
        updates_prompt_api,
        variables_and_conditions,
    }
}

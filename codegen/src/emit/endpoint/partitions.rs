//! The partitions data as a `static` table of the runtime's partition structs.

use proc_macro2::TokenStream;
use quote::quote;
use stsgen_model::rules::partitions::{
    CharClass, OutputOverrides, Partition, PartitionOutputs, Partitions, RegexPiece,
};

/// `static PARTITIONS: &[Partition] = &[..];`
pub(super) fn table(data: &Partitions) -> TokenStream {
    let doc = format!(
        " The partitions `aws.partition` resolves regions against (partitions data version {}),",
        data.version
    );
    let partitions = data.partitions.iter().map(partition);
    quote! {
        #[doc = #doc]
        /// in the data's order: regions listed by name win, then the first `region_regex` that
        /// matches, then the `aws` partition.
        static PARTITIONS: &[Partition] = &[
            #(#partitions),*
        ];
    }
}

fn partition(partition: &Partition) -> TokenStream {
    let id = &partition.id;
    let source = &partition.region_regex.source;
    let pieces = partition.region_regex.pieces.iter().map(piece);
    let regions = partition.regions.iter().map(|region| {
        let name = &region.name;
        if region.overrides.is_empty() {
            quote!(PartitionRegion::plain(#name))
        } else {
            let overrides = overrides(&region.overrides);
            quote!(PartitionRegion { name: #name, overrides: #overrides })
        }
    });
    let outputs = outputs(&partition.outputs);
    quote! {
        Partition {
            id: #id,
            region_regex: RegionRegex {
                source: #source,
                pieces: &[#(#pieces),*],
            },
            regions: &[#(#regions),*],
            outputs: #outputs,
        }
    }
}

fn piece(piece: &RegexPiece) -> TokenStream {
    let class = |class: &CharClass| match class {
        CharClass::Word => quote!(CharClass::Word),
        CharClass::Digit => quote!(CharClass::Digit),
    };
    match piece {
        RegexPiece::Literal(text) => quote!(RegexPiece::Literal(#text)),
        RegexPiece::Alternatives(options) => quote!(RegexPiece::Alternatives(&[#(#options),*])),
        RegexPiece::Class(c) => {
            let c = class(c);
            quote!(RegexPiece::Class(#c))
        }
        RegexPiece::OneOrMore(c) => {
            let c = class(c);
            quote!(RegexPiece::OneOrMore(#c))
        }
    }
}

fn outputs(outputs: &PartitionOutputs) -> TokenStream {
    let PartitionOutputs {
        name,
        dns_suffix,
        dual_stack_dns_suffix,
        supports_fips,
        supports_dual_stack,
        implicit_global_region,
    } = outputs;
    quote! {
        PartitionOutputs {
            name: #name,
            dns_suffix: #dns_suffix,
            dual_stack_dns_suffix: #dual_stack_dns_suffix,
            supports_fips: #supports_fips,
            supports_dual_stack: #supports_dual_stack,
            implicit_global_region: #implicit_global_region,
        }
    }
}

fn overrides(overrides: &OutputOverrides) -> TokenStream {
    let some_str = |value: &Option<String>| value.as_ref().map(|v| quote!(Some(#v)));
    let some_bool = |value: &Option<bool>| value.map(|v| quote!(Some(#v)));
    let fields = [
        ("name", some_str(&overrides.name)),
        ("dns_suffix", some_str(&overrides.dns_suffix)),
        (
            "dual_stack_dns_suffix",
            some_str(&overrides.dual_stack_dns_suffix),
        ),
        ("supports_fips", some_bool(&overrides.supports_fips)),
        (
            "supports_dual_stack",
            some_bool(&overrides.supports_dual_stack),
        ),
        (
            "implicit_global_region",
            some_str(&overrides.implicit_global_region),
        ),
    ];
    let set = fields.iter().filter_map(|(field, value)| {
        let field = quote::format_ident!("{}", field);
        value.as_ref().map(|value| quote!(#field: #value,))
    });
    quote!(OutputOverrides { #(#set)* ..OutputOverrides::NONE })
}

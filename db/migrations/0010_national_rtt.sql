CREATE TABLE "national_rtt_tallies" (
	"period" text NOT NULL,
	"provider_code" text NOT NULL,
	"provider_name" text NOT NULL,
	"specialty" text NOT NULL,
	"part" text NOT NULL,
	"bands" jsonb NOT NULL,
	"total" integer,
	"unknown_start" integer,
	"total_all" integer,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "national_rtt_tallies_period_provider_code_specialty_part_pk" PRIMARY KEY("period","provider_code","specialty","part"),
	CONSTRAINT "national_rtt_tallies_period_check" CHECK ("national_rtt_tallies"."period" ~ '^[0-9]{4}-[0-9]{2}$')
);

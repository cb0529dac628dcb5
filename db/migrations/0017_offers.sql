CREATE TABLE "booking_letters" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "booking_letters_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"booking_id" integer NOT NULL,
	"sent_on" date NOT NULL,
	"recorded_by" integer,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "offers" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "offers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"pathway_id" integer NOT NULL,
	"session_id" integer,
	"booking_id" integer,
	"offered_on" date NOT NULL,
	"offered_for" date NOT NULL,
	"method" text NOT NULL,
	"reasonable" boolean NOT NULL,
	"outcome" text NOT NULL,
	"offered_by" integer,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "offers_method_check" CHECK ("offers"."method" in ('letter','phone','email','in-person')),
	CONSTRAINT "offers_outcome_check" CHECK ("offers"."outcome" in ('accepted','declined')),
	CONSTRAINT "offers_booking_check" CHECK (("offers"."outcome" = 'accepted') = ("offers"."booking_id" is not null))
);
--> statement-breakpoint
ALTER TABLE "booking_letters" ADD CONSTRAINT "booking_letters_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_letters" ADD CONSTRAINT "booking_letters_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_pathway_id_pathways_id_fk" FOREIGN KEY ("pathway_id") REFERENCES "public"."pathways"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_offered_by_users_id_fk" FOREIGN KEY ("offered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "booking_letters_booking_idx" ON "booking_letters" USING btree ("booking_id");--> statement-breakpoint
CREATE INDEX "offers_pathway_idx" ON "offers" USING btree ("pathway_id");